package io.sliagent.api;

/**
 * The agent-side half of an instrumentation: turns what the advice handed to the {@link
 * io.sliagent.bootstrap.Bridge} into a recording. Runs on the application's thread, inside its
 * call, after the agent has checked nesting and the agent's own threads; anything it throws is
 * caught, logged once, and after repeated failures the instrumentation is switched off.
 *
 * <p>The objects it receives are whatever the advice passed: give it JDK types only (the advice
 * reads the library's objects where they link), so nothing here loads a library class.
 */
public interface CallHandler {

  /**
   * A measured call completed or threw; {@code startNanos} and {@code endNanos} are {@code
   * System.nanoTime()} readings.
   */
  void onExit(Object target, Object argument, Object result, Throwable thrown, long startNanos,
      long endNanos);

  /**
   * A call that does not nest started ({@code Bridge.begin}, {@code Bridge.run}): a task taken
   * from a queue, whose wait ends now. Its end comes to {@link #onExit}.
   */
  default void onBegin(Object target, Object argument, long startNanos) {}

  /** A fact that identifies later calls (a statement prepared, a connection started). */
  default void onEvent(Object target, Object argument, Object result) {}

  /** What a handler of events only does with each ({@link #onEvent}'s arguments). */
  @FunctionalInterface
  interface Events {
    void onEvent(Object target, Object argument, Object result);
  }

  /**
   * A handler for advice that only reports events ({@code Bridge.event}): a retry loop's start,
   * an attempt, the end of an asynchronous call. It measures no call of its own.
   */
  static CallHandler ofEvents(Events events) {
    return new CallHandler() {
      @Override
      public void onExit(Object target, Object argument, Object result, Throwable thrown,
          long startNanos, long endNanos) {}

      @Override
      public void onEvent(Object target, Object argument, Object result) {
        events.onEvent(target, argument, result);
      }
    };
  }
}
