package io.sliagent.instrumentation.httpclient;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.instrumentation.Kinds;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClient.sendAsync(...)}: the handler watches the returned future. */
public final class SendAsyncAdvice {

  private SendAsyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return Bridge.enter(Kinds.HTTP_CLIENT_SEND_ASYNC);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) Object request, @Advice.Return Object future,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    Bridge.exit(Kinds.HTTP_CLIENT_SEND_ASYNC, null, request, future, thrown, start);
  }
}
