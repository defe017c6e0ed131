package io.sliagent.instrumentation;

/**
 * The agent-side half of an instrumentation: turns what advice saw into a recording. Runs on the
 * application's thread, inside its call; the dispatcher catches anything it throws.
 */
public interface CallHandler {

  /** A measured call completed (or threw); {@code startNanos}/{@code endNanos} are nanoTime. */
  void onExit(Object target, Object argument, Object result, Throwable thrown, long startNanos,
      long endNanos);

  /** A fact that identifies later calls (a statement prepared, a connection started). */
  default void onEvent(Object target, Object argument, Object result) {}
}
