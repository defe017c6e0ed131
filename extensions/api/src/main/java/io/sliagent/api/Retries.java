package io.sliagent.api;

/**
 * Marks the thread a retry loop runs on while it makes an attempt after the first, for
 * instrumentations of retry libraries (Resilience4j, Spring Retry, Failsafe, ...): every call an
 * instrumentation records on that thread meanwhile is a retry of its endpoint. Loops nest: a call
 * is a retry when any loop around it is retrying.
 *
 * <p>The loop's instrumentation calls {@link #loopStarts} where the loop begins, {@link
 * #retrying} when it decides to try again, and {@link #loopEnds} however it ends (exit advice with
 * {@code onThrowable}); or its advice sends events to {@link #loopHandler} and {@link
 * #retryingHandler}. Per thread, so for loops that run each attempt on the thread that runs
 * the loop; a loop that hands attempts to other threads is not seen by this.
 */
public final class Retries {

  /** Deeper loops than this share the innermost mark. */
  private static final int MAX_DEPTH = 31;

  /**
   * Per thread: how many retry loops are running around the current point, and which of them
   * (a bit each, by depth) are retrying.
   */
  private static final ThreadLocal<int[]> STATE = new ThreadLocal<int[]>() {
    @Override
    protected int[] initialValue() {
      return new int[2];
    }
  };

  /** Until some retry loop starts, no thread is in one, and nothing needs looking up. */
  private static volatile boolean anyLoop;

  private Retries() {}

  /** A retry loop starts on this thread; its first attempt is not a retry. */
  public static void loopStarts() {
    anyLoop = true;
    STATE.get()[0]++;
  }

  /**
   * The innermost loop on this thread is about to try again: what follows, until the loop ends,
   * is a retry. Calling it again for the same loop changes nothing; outside a loop, nothing.
   */
  public static void retrying() {
    int[] s = STATE.get();
    if (s[0] > 0) {
      s[1] |= 1 << (Math.min(s[0], MAX_DEPTH) - 1);
    }
  }

  /** The innermost loop on this thread has ended: the thread is as it was before it began. */
  public static void loopEnds() {
    int[] s = STATE.get();
    if (s[0] > 0) {
      s[0]--;
      // Keep only the marks of the loops still running around this point.
      s[1] &= s[0] >= MAX_DEPTH ? -1 : (1 << s[0]) - 1;
    }
  }

  /**
   * A handler for a loop's two events: {@code Bridge.event(call, null, "starts", null)} where
   * the loop begins, and the same with a null argument where it ends.
   */
  public static CallHandler loopHandler() {
    return CallHandler.ofEvents(new CallHandler.Events() {
      @Override
      public void onEvent(Object target, Object argument, Object result) {
        if (argument != null) {
          loopStarts();
        } else {
          loopEnds();
        }
      }
    });
  }

  /** A handler for the event a loop sends when it decides to try again. */
  public static CallHandler retryingHandler() {
    return CallHandler.ofEvents(new CallHandler.Events() {
      @Override
      public void onEvent(Object target, Object argument, Object result) {
        retrying();
      }
    });
  }

  /** Whether a call made now on this thread is a retry. */
  public static boolean inRetry() {
    return anyLoop && STATE.get()[1] != 0;
  }
}
