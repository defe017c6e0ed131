package io.sliagent.instrumentation.reactornetty;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined after the constructor of {@code HttpClientConnect.HttpObserver(sink, handler)}: the
 * attempt's sink is where a cancellation arrives, so it gets the request's state too.
 */
public final class ObserverAdvice {

  private ObserverAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Argument(0) Object sink,
      @Advice.Argument(1) Object handler) {
    Bridge.event(call, sink, handler, null);
  }
}
