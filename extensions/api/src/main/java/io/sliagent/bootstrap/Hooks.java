package io.sliagent.bootstrap;

/**
 * What the agent plugs into the {@link Bridge}. Implementations must never throw: they run inside
 * the application's calls.
 */
public abstract class Hooks {

  public abstract long enter(int call);

  public abstract void exit(int call, Object target, Object argument, Object result,
      Throwable thrown, long start);

  public abstract void event(int call, Object target, Object argument, Object result);
}
