package io.sliagent.instrumentation.rabbitmq;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ConsumerDispatcher.handleConsumeOk(consumer, consumerTag)}: the broker
 * confirmed a {@code basicConsume} under this tag, on the connection's thread, before any of its
 * deliveries is dispatched.
 */
public final class ConsumeOkAdvice {

  private ConsumeOkAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object dispatcher,
      @Advice.Argument(0) Object consumer, @Advice.Argument(1) String consumerTag) {
    Bridge.event(call, dispatcher, consumer, consumerTag);
  }
}
