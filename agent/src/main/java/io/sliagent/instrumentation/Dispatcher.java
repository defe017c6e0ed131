package io.sliagent.instrumentation;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Hooks;
import io.sliagent.log.AgentLog;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The agent side of the bridge: keeps the per-thread nesting depth (so wrappers and the agent's
 * own threads are not measured), reads the clock, and hands completed calls to the handler of
 * their kind. A handler that throws is contained here: the error is logged once and, if it keeps
 * failing, that kind is switched off.
 */
public final class Dispatcher extends Hooks {

  /** Failures of one kind after which it is switched off rather than fail on every call. */
  static final int MAX_FAULTS = 100;

  private static final ThreadLocal<int[]> DEPTH =
      ThreadLocal.withInitial(() -> new int[Kinds.GROUPS]);

  private final CallHandler[] handlers = new CallHandler[Kinds.COUNT];
  private final String[] names = new String[Kinds.COUNT];
  private final boolean[] enabled = new boolean[Kinds.COUNT];
  private final AtomicIntegerArray faults = new AtomicIntegerArray(Kinds.COUNT);

  /** Registers the handler of {@code kind}, reported as {@code instrumentation} when failing. */
  public void register(int kind, CallHandler handler, String instrumentation) {
    handlers[kind] = handler;
    names[kind] = instrumentation;
    enabled[kind] = true;
  }

  /**
   * Marks the calling thread as the agent's own: every call it makes looks nested, so the agent
   * never measures its own export traffic.
   */
  public static void markAgentThread() {
    int[] depth = DEPTH.get();
    for (int i = 0; i < depth.length; i++) {
      depth[i] = 1;
    }
  }

  @Override
  public long enter(int kind) {
    // Kept small (it is pasted into every instrumented method once inlined): no branch that a
    // call does not need. System.nanoTime() counts from an arbitrary origin in practice far from
    // 0 and Long.MIN_VALUE, the two markers.
    if (!enabled[kind]) {
      return Bridge.NOT_ENTERED;
    }
    int[] depth = DEPTH.get();
    int group = Kinds.GROUP_OF[kind];
    if (depth[group] != 0) {
      depth[group]++;
      return Bridge.NESTED;
    }
    long now = System.nanoTime();
    // The depth is raised last: if anything above fails, exit sees NOT_ENTERED and the thread's
    // depth stays balanced.
    depth[group] = 1;
    return now;
  }

  @Override
  public void exit(int kind, Object target, Object argument, Object result, Throwable thrown,
      long start) {
    long end = System.nanoTime();
    int[] depth = DEPTH.get();
    int group = Kinds.GROUP_OF[kind];
    try {
      if (start != Bridge.NESTED && enabled[kind]) {
        // Still at depth 1: whatever the handler calls on the driver is not measured.
        handlers[kind].onExit(target, argument, result, thrown, start, end);
      }
    } catch (Throwable t) {
      fault(kind, t);
    } finally {
      if (--depth[group] < 0) {
        depth[group] = 0; // a call entered before the agent was installed
      }
    }
  }

  @Override
  public void event(int kind, Object target, Object argument, Object result) {
    if (!enabled[kind]) {
      return;
    }
    try {
      handlers[kind].onEvent(target, argument, result);
    } catch (Throwable t) {
      fault(kind, t);
    }
  }

  private void fault(int kind, Throwable t) {
    int n = faults.incrementAndGet(kind);
    AgentLog.errorOnce("fault." + kind, "instrumentation " + names[kind]
        + " failed inside the agent; the application's call was not affected", t);
    if (n == MAX_FAULTS) {
      enabled[kind] = false;
      AgentLog.warn("instrumentation " + names[kind] + " switched off after " + n
          + " failures");
    }
  }
}
