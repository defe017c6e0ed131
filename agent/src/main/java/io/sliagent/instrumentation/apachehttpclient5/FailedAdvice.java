package io.sliagent.instrumentation.apachehttpclient5;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ComplexFuture.failed(exception)}: an async call ends with an error. */
public final class FailedAdvice {

  private FailedAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object future,
      @Advice.Argument(0) Exception error, @Advice.Return boolean done) {
    if (done && future instanceof Slot && ((Slot) future).sli$get() != null) {
      Bridge.event(call, future, null, error);
    }
  }
}
