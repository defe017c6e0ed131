package io.sliagent.export.transport;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sender's calls on the exporter's executor when it configured one, else on one thread of
 * the sender's own (calls are serialized on one connection anyway) that exits when idle.
 */
public final class CallExecutor {
  private final ExecutorService executor;
  private final boolean owned;
  private final String protocol;
  private volatile boolean shutdown;

  public CallExecutor(ExecutorService configured, String threadName, String protocol) {
    this.protocol = protocol;
    if (configured != null) {
      this.executor = configured;
      this.owned = false;
    } else {
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              1,
              1,
              60,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              Watchdog.daemonThreads(threadName));
      pool.allowCoreThreadTimeOut(true);
      this.executor = pool;
      this.owned = true;
    }
  }

  /** Never throws: a call that cannot run fails through its own callback. */
  public void submit(ExportCall<?> call) {
    try {
      if (shutdown) {
        call.fail(new IOException(protocol + " sender is shut down"));
        return;
      }
      executor.execute(call);
    } catch (Throwable t) {
      call.fail(t);
    }
  }

  /** Refuses new calls; an executor of our own stops and fails the calls still queued. */
  public void shutdown() {
    shutdown = true;
    if (owned) {
      for (Runnable pending : executor.shutdownNow()) {
        if (pending instanceof ExportCall) {
          ((ExportCall<?>) pending).fail(new IOException(protocol + " sender was shut down"));
        }
      }
    }
  }
}
