package io.sliagent.bootstrap;

/**
 * What the agent plugs into the {@link Bridge}. Implementations must never throw: they run inside
 * the application's calls.
 */
public abstract class Hooks {

  public abstract long enter(int kind);

  public abstract void exit(int kind, Object target, Object argument, Object result,
      Throwable thrown, long start);

  public abstract void event(int kind, Object target, Object argument, Object result);
}
