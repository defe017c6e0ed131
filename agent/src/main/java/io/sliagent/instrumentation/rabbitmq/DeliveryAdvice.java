package io.sliagent.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code run()} of the runnable {@code ConsumerDispatcher.handleDelivery} queues for
 * each delivery, which calls {@code Consumer.handleDelivery}: the delivery's processing. The
 * enter hands over what identifies it (the dispatcher, the consumer tag, the delivery tag), so a
 * nack or a failure on this thread meanwhile is its; the exit its exchange and routing key (the
 * destination when the queue is not known) and the time it was sent, if it says.
 */
public final class DeliveryAdvice {

  private DeliveryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call, @Advice.FieldValue("this$0") Object dispatcher,
      @Advice.FieldValue("val$consumerTag") String consumerTag,
      @Advice.FieldValue("val$envelope") Envelope envelope) {
    long start = Bridge.enter(call);
    if (start != Bridge.NOT_ENTERED && start != Bridge.NESTED) {
      Bridge.event(call, dispatcher, consumerTag, Long.valueOf(envelope.getDeliveryTag()));
    }
    return start;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.FieldValue("val$envelope") Envelope envelope,
      @Advice.FieldValue("val$properties") AMQP.BasicProperties properties,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    Bridge.exit(call, envelope.getExchange(), envelope.getRoutingKey(),
        properties == null ? null : properties.getTimestamp(), thrown, start);
  }
}
