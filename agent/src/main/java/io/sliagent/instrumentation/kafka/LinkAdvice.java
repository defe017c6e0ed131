package io.sliagent.instrumentation.kafka;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ConsumerRecords.iterator()}, {@code records(topic)} and the iterable's
 * {@code iterator()}: what they made belongs to the consumer that polled the records.
 */
public final class LinkAdvice {

  private LinkAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object owner,
      @Advice.Return Object made) {
    if (made != null) {
      Bridge.event(call, owner, made, null);
    }
  }
}
