package io.sliagent.instrumentation.httpclient;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined after the constructor of the JDK's {@code MultiExchange}, which {@code send} and
 * {@code sendAsync} make on the caller's thread: the exchange whose resend the call may carry.
 */
public final class ExchangeMadeAdvice {

  private ExchangeMadeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object exchange) {
    Bridge.event(call, exchange, null, null);
  }
}
