package io.sliagent.bootstrap;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the agent's own work: daemon (they never keep the JVM alive) and marked, so any
 * HTTP call they make, such as an OTLP export, is never measured as an application call.
 */
public final class AgentThreads implements ThreadFactory {

  private final String name;
  private final AtomicInteger count = new AtomicInteger();

  /** Threads named {@code name-1}, {@code name-2}, ... */
  public AgentThreads(String name) {
    this.name = name;
  }

  @Override
  public Thread newThread(Runnable work) {
    Thread t = new Marked(work, name + "-" + count.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  /**
   * The agent's threads are of this class ({@link Bridge#isAgentThread}). Not a lambda: agent
   * threads start on the main thread, before java.lang.invoke is ready.
   */
  static final class Marked extends Thread {
    Marked(Runnable work, String name) {
      super(work, name);
    }
  }
}
