package io.sliagent.instrumentation;

import io.sliagent.api.CallHandler;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Hooks;
import io.sliagent.log.AgentLog;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent side of the bridge: keeps the per-thread nesting depth of each signal (so wrappers
 * and the agent's own threads are not measured), reads the clock, and hands completed calls to
 * their handler. A handler that throws is contained here: the error is logged once and, if it
 * keeps failing, its instrumentation is switched off.
 *
 * <p>Calls are numbered in the order they are {@link #add added}; the number is pasted into the
 * advice ({@link io.sliagent.api.Call}). Calls of one group (one signal) share a depth: a call
 * made inside another of the same signal on the same thread is measured once, as the outer one.
 */
public final class Dispatcher extends Hooks {

  /** Failures of one instrumentation after which it is switched off, not failing every call. */
  static final int MAX_FAULTS = 100;

  private final List<CallHandler> handlerList = new ArrayList<>();
  private final List<Installed> ownerList = new ArrayList<>();
  private final List<Integer> groupList = new ArrayList<>();
  private CallHandler[] handlers = new CallHandler[0];
  private Installed[] owners = new Installed[0];
  private int[] groupOf = new int[0];
  private boolean[] enabled = new boolean[0];
  private int groups;
  private ThreadLocal<int[]> depth;

  /**
   * Numbers a call of {@code owner}, whose advice reports to {@code handler}; calls with the same
   * {@code group} nest. Only before {@link #seal}.
   */
  int add(CallHandler handler, Installed owner, int group) {
    handlerList.add(handler);
    ownerList.add(owner);
    groupList.add(group);
    return handlerList.size() - 1;
  }

  /** Ends numbering; only then may the bridge call this dispatcher. */
  Dispatcher seal() {
    int n = handlerList.size();
    handlers = handlerList.toArray(new CallHandler[0]);
    owners = ownerList.toArray(new Installed[0]);
    groupOf = new int[n];
    enabled = new boolean[n];
    for (int i = 0; i < n; i++) {
      groupOf[i] = groupList.get(i);
      groups = Math.max(groups, groupOf[i] + 1);
      enabled[i] = true;
    }
    int width = groups;
    depth = ThreadLocal.withInitial(() -> newDepth(width));
    return this;
  }

  /**
   * An agent thread's depth in every group: nothing it calls is measured, and calls that do not
   * nest ({@link #begin}) tell it from a call's own nesting.
   */
  static final int AGENT_DEPTH = 1 << 24;

  /** The agent's own threads start nested in every group: nothing they call is measured. */
  private static int[] newDepth(int groups) {
    int[] d = new int[groups];
    if (Bridge.isAgentThread()) {
      java.util.Arrays.fill(d, AGENT_DEPTH);
    }
    return d;
  }

  /** Stops dispatching to every call of {@code owner}: its advice stays, and does nothing. */
  void switchOff(Installed owner) {
    for (int i = 0; i < owners.length; i++) {
      if (owners[i] == owner) {
        enabled[i] = false;
      }
    }
  }

  @Override
  public long enter(int call) {
    // Kept small (it is pasted into every instrumented method once inlined): no branch that a
    // call does not need. System.nanoTime() counts from an arbitrary origin in practice far from
    // 0 and Long.MIN_VALUE, the two markers.
    if (!enabled[call]) {
      return Bridge.NOT_ENTERED;
    }
    int[] d = depth.get();
    int group = groupOf[call];
    if (d[group] != 0) {
      d[group]++;
      return Bridge.NESTED;
    }
    long now = System.nanoTime();
    // The depth is raised last: if anything above fails, exit sees NOT_ENTERED and the thread's
    // depth stays balanced.
    d[group] = 1;
    return now;
  }

  @Override
  public void exit(int call, Object target, Object argument, Object result, Throwable thrown,
      long start) {
    long end = System.nanoTime();
    int[] d = depth.get();
    int group = groupOf[call];
    try {
      if (start != Bridge.NESTED && enabled[call]) {
        // Still at depth 1: whatever the handler calls on the library is not measured.
        handlers[call].onExit(target, argument, result, thrown, start, end);
      }
    } catch (Throwable t) {
      fault(call, t);
    } finally {
      if (--d[group] < 0) {
        d[group] = 0; // a call entered before the agent was installed
      }
    }
  }

  @Override
  public long begin(int call, Object target, Object argument) {
    if (!enabled[call] || Bridge.isAgentThread()) {
      return Bridge.NOT_ENTERED;
    }
    long now = System.nanoTime();
    try {
      handlers[call].onBegin(target, argument, now);
    } catch (Throwable t) {
      fault(call, t);
    }
    return now;
  }

  @Override
  public void end(int call, Object target, Object argument, Throwable thrown, long start) {
    long end = System.nanoTime();
    if (!enabled[call]) {
      return;
    }
    try {
      handlers[call].onExit(target, argument, null, thrown, start, end);
    } catch (Throwable t) {
      fault(call, t);
    }
  }

  @Override
  public void event(int call, Object target, Object argument, Object result) {
    if (!enabled[call]) {
      return;
    }
    try {
      handlers[call].onEvent(target, argument, result);
    } catch (Throwable t) {
      fault(call, t);
    }
  }

  private void fault(int call, Throwable t) {
    Installed owner = owners[call];
    int n = owner.fault();
    AgentLog.errorOnce("fault." + owner.name(), "instrumentation " + owner.name()
        + " failed inside the agent; the application's call was not affected", t);
    if (n == MAX_FAULTS) {
      switchOff(owner);
      AgentLog.warn("instrumentation " + owner.name() + " switched off after " + n
          + " failures");
    }
  }
}
