package io.sliagent.bootstrap;

/**
 * The entry points that inlined advice calls. This package is the only part of the agent defined in
 * the bootstrap class loader, so advice pasted into JDK classes ({@code java.net.http}, {@code
 * sun.net.www}) and into classes of any application class loader resolves it. It depends on
 * java.base only and holds no logic: everything is forwarded to the {@link Hooks} the agent
 * installs.
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

  public static void install(Hooks installed) {
    hooks = installed;
  }

  /** Starts a measured call of the given instrumentation kind; returns its start time or a marker. */
  public static long enter(int kind) {
    Hooks h = hooks;
    return h == null ? NOT_ENTERED : h.enter(kind);
  }

  /**
   * Ends a call started by {@link #enter}.
   *
   * @param target the instrumented object ({@code this}), or null for a static method
   * @param argument the call's first argument where it identifies the call (a request, SQL text)
   * @param result what the call returned, null when it threw
   * @param thrown what the call threw, or null
   */
  public static void exit(int kind, Object target, Object argument, Object result, Throwable thrown,
      long start) {
    if (start == NOT_ENTERED) {
      return;
    }
    Hooks h = hooks;
    if (h != null) {
      h.exit(kind, target, argument, result, thrown, start);
    }
  }

  /**
   * Reports a fact that is not a call to measure but identifies later ones (a statement prepared
   * from SQL text, a connection that started connecting).
   */
  public static void event(int kind, Object target, Object argument, Object result) {
    Hooks h = hooks;
    if (h != null) {
      h.event(kind, target, argument, result);
    }
  }
}
