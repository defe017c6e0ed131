package io.sliagent.instrumentation.okhttp;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code RealCall.enqueue(Callback)}: the moment the caller asked. */
public final class EnqueueAdvice {

  private EnqueueAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object realCall) {
    Bridge.event(call, realCall, null, null);
  }
}
