package io.sliagent.instrumentation.reactornetty;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into reactor-core's {@code MonoCreate.DefaultMonoSink.cancel()}: a subscriber gave up.
 * Every {@code Mono.create} sink passes here; only a request's carries state, and the test for it
 * is a field read, so the others cost nothing more.
 */
public final class CancelAdvice {

  private CancelAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object sink) {
    if (sink instanceof Slot && ((Slot) sink).sli$get() != null) {
      Bridge.event(call, sink, null, null);
    }
  }
}
