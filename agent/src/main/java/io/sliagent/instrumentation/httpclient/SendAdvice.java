package io.sliagent.instrumentation.httpclient;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClient.send(request, handler)}. */
public final class SendAdvice {

  private SendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call,
      @Advice.Argument(0) Object request, @Advice.Return Object response,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    Bridge.exit(call, null, request, response, thrown, start);
  }
}
