package io.sliagent.instrumentation.httpurlconnection;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code connect()} and {@code getOutputStream()}: the exchange may start here. */
public final class StartAdvice {

  private StartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object connection) {
    Bridge.event(call, connection, null, null);
  }
}
