package io.sliagent.server;

import io.sliagent.bootstrap.AgentThreads;
import io.sliagent.log.AgentLog;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The executor of an HTTP endpoint the agent serves (the JDK's {@code HttpServer}): one agent
 * thread answering requests in turn from a short queue. A request beyond the queue is refused
 * (the server closes its connection), so a flood costs bounded memory and never a thread. Not a
 * {@code ThreadPoolExecutor}: the server's dispatcher thread, not the agent's, would feed it, and
 * the agent measures pools that threads other than its own feed.
 */
public final class RequestThread implements Executor {

  private static final int QUEUE = 16;

  private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(QUEUE);
  private final String name;

  /** Starts the thread, named {@code name} (as {@code sli-agent-status}). */
  public RequestThread(String name) {
    this.name = name;
    new AgentThreads(name).newThread(this::serve).start();
  }

  @Override
  public void execute(Runnable request) {
    if (!queue.offer(request)) {
      throw new RejectedExecutionException("more than " + QUEUE + " requests waiting");
    }
  }

  private void serve() {
    while (true) {
      Runnable next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        next.run();
      } catch (Throwable t) {
        // One bad request must not end the endpoint.
        AgentLog.errorOnce(name, name + ": a request failed", t);
      }
    }
  }
}
