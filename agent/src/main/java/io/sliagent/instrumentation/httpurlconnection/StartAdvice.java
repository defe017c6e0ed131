package io.sliagent.instrumentation.httpurlconnection;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.instrumentation.Kinds;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code connect()} and {@code getOutputStream()}: the exchange may start here. */
public final class StartAdvice {

  private StartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object connection) {
    Bridge.event(Kinds.URL_CONNECTION_START, connection, null, null);
  }
}
