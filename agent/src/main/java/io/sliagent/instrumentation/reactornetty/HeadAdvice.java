package io.sliagent.instrumentation.reactornetty;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.HttpClientState;

/**
 * Inlined into {@code HttpIOHandlerObserver.onStateChange(connection, state)}: on {@code
 * RESPONSE_RECEIVED} the response's head goes to the subscriber, and the call ends with its
 * status.
 */
public final class HeadAdvice {

  private HeadAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.FieldValue("handler") Object handler,
      @Advice.Argument(0) Object connection, @Advice.Argument(1) Object state) {
    if (state == HttpClientState.RESPONSE_RECEIVED && connection instanceof HttpClientResponse) {
      Bridge.event(call, handler,
          Integer.valueOf(((HttpClientResponse) connection).status().code()), null);
    }
  }
}
