package io.sliagent.api;

import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Ready-made advice for retry libraries, reporting to {@link Retries#loopHandler} and {@link
 * Retries#retryingHandler}: name these classes in {@link Target#advice} with those handlers.
 */
public final class RetryAdvice {

  private RetryAdvice() {}

  /** For the method that runs a retry loop: it starts on entry and ends however it returns. */
  public static final class Loop {
    private Loop() {}

    /** The loop starts. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Call int call) {
      Bridge.event(call, null, "starts", null);
    }

    /** The loop ends, returning or throwing. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Call int call) {
      Bridge.event(call, null, null, null);
    }
  }

  /** For a method a loop calls only when it is about to try again. */
  public static final class Retrying {
    private Retrying() {}

    /** The loop is about to try again. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Call int call) {
      Bridge.event(call, null, null, null);
    }
  }
}
