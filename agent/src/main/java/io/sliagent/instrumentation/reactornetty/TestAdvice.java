package io.sliagent.instrumentation.reactornetty;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import reactor.netty.channel.AbortedException;

/**
 * Inlined into {@code HttpClientHandler.test(Throwable)}, which decides after each failed attempt
 * whether to try again: no means the call failed with that error; yes after a connection reset
 * is a retry, yes after a redirect or a challenge is not.
 */
public final class TestAdvice {

  private TestAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object handler,
      @Advice.Argument(0) Throwable error, @Advice.Return boolean again,
      @Advice.Thrown Throwable thrown) {
    if (thrown != null) {
      Bridge.event(call, handler, null, thrown);
    } else if (!again) {
      Bridge.event(call, handler, null, error);
    } else if (AbortedException.isConnectionReset(error)) {
      Bridge.event(call, handler, null, null);
    }
  }
}
