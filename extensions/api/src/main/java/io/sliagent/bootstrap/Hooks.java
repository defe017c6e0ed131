package io.sliagent.bootstrap;

/**
 * What the agent plugs into the {@link Bridge}. Implementations must never throw: they run inside
 * the application's calls.
 */
public abstract class Hooks {

  /** See {@link Bridge#enter}. */
  public abstract long enter(int call);

  /** See {@link Bridge#exit}. */
  public abstract void exit(int call, Object target, Object argument, Object result,
      Throwable thrown, long start);

  /** See {@link Bridge#event}. */
  public abstract void event(int call, Object target, Object argument, Object result);

  public abstract long begin(int call, Object target, Object argument);

  public abstract void end(int call, Object target, Object argument, Throwable thrown,
      long start);
}
