package io.sliagent.instrumentation.rabbitmq;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ChannelN.basicConsume(queue, autoAck, tag, noLocal, exclusive, args,
 * consumer)}, where every other {@code basicConsume} ends: the queue a consumer is about to
 * consume from and whether its deliveries are acknowledged automatically. On enter, not exit:
 * deliveries may run before {@code basicConsume} returns; its tag comes with the broker's answer
 * ({@link ConsumeOkAdvice}), before them.
 */
public final class ConsumeAdvice {

  private ConsumeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object channel,
      @Advice.FieldValue("dispatcher") Object dispatcher, @Advice.Argument(0) String queue,
      @Advice.Argument(1) boolean autoAck, @Advice.Argument(6) Object consumer) {
    Bridge.event(call, channel, consumer,
        new Object[] {dispatcher, queue, Boolean.valueOf(autoAck)});
  }
}
