package io.sliagent.bootstrap;

/**
 * The entry points that inlined advice calls. This package is the only part of the agent defined in
 * the bootstrap class loader, so advice pasted into JDK classes ({@code java.net.http}, {@code
 * sun.net.www}) and into classes of any application class loader resolves it. It depends on
 * java.base only and holds no logic: everything is forwarded to the {@link Hooks} the agent
 * installs.
 *
 * <p>Advice passes the objects that identify a call as JDK types (strings, URIs, numbers) or as the
 * instrumented objects themselves when the handler reads them through JDK interfaces ({@code
 * java.sql.Statement}): never a library type the agent would have to load.
 */
public final class Bridge {

  /** Returned by {@link #enter} when there is nothing to record: agent off, or not installed. */
  public static final long NOT_ENTERED = 0L;

  /**
   * Returned by {@link #enter} for a nested call (a wrapper calling the instrumented method of the
   * object it wraps, or the agent's own work): {@link #exit} must still be called to unwind.
   */
  public static final long NESTED = Long.MIN_VALUE;

  private static volatile Hooks hooks;

  private Bridge() {}

  /**
   * Whether the calling thread is the agent's own ({@link AgentThreads}): nothing it calls is
   * measured. A type test, not a thread-local: cheap enough for every task a pool runs.
   */
  public static boolean isAgentThread() {
    return Thread.currentThread() instanceof AgentThreads.Marked;
  }

  /** Puts the agent's hooks in place; null makes every advice a no-op. For the agent only. */
  public static void install(Hooks installed) {
    hooks = installed;
  }

  /**
   * Starts a measured call; {@code call} is the advice's {@link io.sliagent.api.Call @Call}
   * parameter. Returns its start time or a marker, to pass to {@link #exit}.
   */
  public static long enter(int call) {
    Hooks h = hooks;
    return h == null ? NOT_ENTERED : h.enter(call);
  }

  /**
   * Ends a call started by {@link #enter}.
   *
   * @param target the instrumented object ({@code this}), or null for a static method
   * @param argument the call's first argument where it identifies the call (a request, SQL text)
   * @param result what the call returned, null when it threw
   * @param thrown what the call threw, or null
   */
  public static void exit(int call, Object target, Object argument, Object result, Throwable thrown,
      long start) {
    if (start == NOT_ENTERED) {
      return;
    }
    Hooks h = hooks;
    if (h != null) {
      h.exit(call, target, argument, result, thrown, start);
    }
  }

  /**
   * Reports a fact that is not a call to measure but identifies later ones (a statement prepared
   * from SQL text, a connection that started connecting).
   */
  public static void event(int call, Object target, Object argument, Object result) {
    Hooks h = hooks;
    if (h != null) {
      h.event(call, target, argument, result);
    }
  }

  /**
   * Starts a measured call that does not nest: each one is measured, inside another of its
   * signal or not (a task a thread pool runs while it waits for another). Returns its start time,
   * or {@link #NOT_ENTERED} (agent off, or the agent's own thread), to pass to {@link #end}.
   */
  public static long begin(int call, Object target, Object argument) {
    Hooks h = hooks;
    return h == null ? NOT_ENTERED : h.begin(call, target, argument);
  }

  /** Ends a call started by {@link #begin}. */
  public static void end(int call, Object target, Object argument, Throwable thrown, long start) {
    if (start == NOT_ENTERED) {
      return;
    }
    Hooks h = hooks;
    if (h != null) {
      h.end(call, target, argument, thrown, start);
    }
  }

  /**
   * Runs {@code task} as a call that does not nest ({@link #begin}): what a thread pool's worker
   * loop calls instead of {@code task.run()} once the agent has changed it. The task's outcome,
   * exception included, is exactly its own.
   */
  public static void run(Runnable task, Object owner, int call) {
    long start = begin(call, owner, task);
    try {
      task.run();
    } catch (Throwable t) {
      end(call, owner, task, t, start);
      throw t;
    }
    end(call, owner, task, null, start);
  }
}
