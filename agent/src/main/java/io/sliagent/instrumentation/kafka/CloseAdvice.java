package io.sliagent.instrumentation.kafka;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code KafkaConsumer.close}: a record still being processed was abandoned, and the
 * consumer's lag is gone.
 */
public final class CloseAdvice {

  private CloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object consumer) {
    Bridge.event(call, consumer, null, null);
  }
}
