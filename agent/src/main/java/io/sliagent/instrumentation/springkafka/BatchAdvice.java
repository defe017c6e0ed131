package io.sliagent.instrumentation.springkafka;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ListenerConsumer.invokeBatchListener(records)}: from entry to exit the
 * records handed out go to the batch listener all at once (the container copies them into the
 * listener's list first), so they are measured by the listener's attempts ({@link
 * AttemptAdvice}), not one by one.
 */
public final class BatchAdvice {

  private BatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.FieldValue("consumer") Object consumer) {
    Bridge.event(call, consumer, Boolean.TRUE, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.FieldValue("consumer") Object consumer) {
    Bridge.event(call, consumer, null, null);
  }
}
