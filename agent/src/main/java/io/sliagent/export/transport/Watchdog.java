package io.sliagent.export.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Enforces call deadlines on blocking sockets: java.net socket writes cannot time out, so at the
 * deadline a timer aborts the connection, which unblocks any reader or writer. Its one thread is
 * created on first use and exits after a minute without work.
 */
public final class Watchdog {
  private final String threadName;
  private ScheduledThreadPoolExecutor timer; // guarded by this
  private boolean stopped; // guarded by this

  public Watchdog(String threadName) {
    this.threadName = threadName;
  }

  /** Runs {@code abort} at the deadline unless cancelled; null when unbounded or stopped. */
  public synchronized ScheduledFuture<?> arm(Deadline deadline, Runnable abort) {
    if (!deadline.isBounded() || stopped) {
      return null;
    }
    if (timer == null) {
      timer = new ScheduledThreadPoolExecutor(1, daemonThreads(threadName));
      timer.setRemoveOnCancelPolicy(true);
      timer.setKeepAliveTime(60, TimeUnit.SECONDS);
      timer.allowCoreThreadTimeOut(true);
    }
    return timer.schedule(abort, deadline.remainingNanos(), TimeUnit.NANOSECONDS);
  }

  public static void disarm(ScheduledFuture<?> armed) {
    if (armed != null) {
      armed.cancel(false);
    }
  }

  public synchronized void stop() {
    stopped = true;
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Daemon threads with one fixed name, so a thread dump says whose they are. */
  static ThreadFactory daemonThreads(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
