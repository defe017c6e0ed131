package io.sliagent.instrumentation.httpclient;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClient.sendAsync(...)}: the handler watches the returned future. */
public final class SendAsyncAdvice {

  private SendAsyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call,
      @Advice.Argument(0) Object request, @Advice.Return Object future,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    Bridge.exit(call, null, request, future, thrown, start);
  }
}
