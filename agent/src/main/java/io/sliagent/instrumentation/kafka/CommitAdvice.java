package io.sliagent.instrumentation.kafka;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code KafkaConsumer.commitSync/commitAsync}: the record being processed is done. */
public final class CommitAdvice {

  private CommitAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object consumer) {
    Bridge.event(call, consumer, null, null);
  }
}
