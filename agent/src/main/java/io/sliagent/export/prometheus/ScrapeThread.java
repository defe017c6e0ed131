package io.sliagent.export.prometheus;

import io.sliagent.bootstrap.AgentThreads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one agent thread that answers {@code /metrics} requests, with a short queue. Not a
 * {@code ThreadPoolExecutor}: the server's dispatcher thread hands it work, and the agent
 * measures pools fed by threads that are not its own. A request beyond the queue is refused
 * (the JDK server closes its connection), so a flood costs bounded memory and never a thread.
 */
final class ScrapeThread implements Executor {

  private static final int QUEUE = 16;

  private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(QUEUE);

  ScrapeThread() {
    new AgentThreads("sli-agent-prometheus").newThread(this::serve).start();
  }

  @Override
  public void execute(Runnable request) {
    if (!queue.offer(request)) {
      throw new RejectedExecutionException("more than " + QUEUE + " scrapes waiting");
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
        // The exchange answers its own failures; one bad request must not end the endpoint.
      }
    }
  }
}
