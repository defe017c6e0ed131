package io.sliagent.instrumentation.httpclient;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code MultiExchange.responseAsyncImpl()}, which starts each attempt: once the
 * exchange has used its one resend (the flag has this name in this JDK's version), the attempt
 * is that resend.
 */
public final class ExpiredOnceAdvice {

  private ExpiredOnceAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object exchange,
      @Advice.FieldValue("expiredOnce") boolean resent) {
    // The flag itself, not a branch on it: advice that runs straight through is woven by the
    // agent, without ByteBuddy's Advice (InlineAdvice); the handler acts on TRUE only.
    Bridge.event(call, exchange, Boolean.valueOf(resent), null);
  }
}
