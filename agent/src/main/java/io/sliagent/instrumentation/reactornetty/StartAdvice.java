package io.sliagent.instrumentation.reactornetty;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined after the constructor of {@code HttpClientConnect.HttpClientHandler}, on the thread
 * that subscribed: the request's method and URL as it was asked for (the class and its fields'
 * types are not public, hence {@code Object} and {@code toString()}).
 */
public final class StartAdvice {

  private StartAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object handler,
      @Advice.FieldValue("websocketClientSpec") Object websocket,
      @Advice.FieldValue("method") Object method, @Advice.FieldValue("toURI") Object uri) {
    if (websocket == null && method != null && uri != null) {
      Bridge.event(call, handler, method.toString(), uri.toString());
    }
  }
}
