package io.sliagent.instrumentation.rabbitmq;

import static io.sliagent.api.Matchers.declaresField;
import static io.sliagent.api.Matchers.isInterface;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.nameContains;
import static io.sliagent.api.Matchers.nameStartsWith;
import static io.sliagent.api.Matchers.not;
import static io.sliagent.api.Matchers.takesArgument;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Matchers;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import java.util.List;
import java.util.Map;

/**
 * RabbitMQ consumers. A delivery is measured in the runnable the client's {@code
 * ConsumerDispatcher} queues for it, around its call of {@code Consumer.handleDelivery}: that is
 * every consumer, of any class and lambdas included, measured once however consumers wrap one
 * another, and only the client's own classes pass the name test (every application class would
 * have to, to find each {@code Consumer} implementation). That runnable catches what {@code
 * handleDelivery} throws and hands it to the connection's {@code ExceptionHandler}, where the
 * failure is read. The queue a delivery came from is noted at {@code basicConsume} and its
 * consumer tag when the broker confirms it; acks, nacks
 * and rejects are read on the channel.
 */
public final class RabbitMqInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      RabbitMqInstrumentation.class.getPackageName() + ".";

  static final String IMPL = "com/rabbitmq/client/impl/";
  static final String CHANNEL = IMPL + "ChannelN";
  static final String RECOVERY_CHANNEL = IMPL + "recovery/RecoveryAwareChannelN";
  static final String DISPATCHER = IMPL + "ConsumerDispatcher";

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public Signal signal() {
    return Signal.CONSUMER;
  }

  @Override
  public boolean mayChange(String internalName) {
    // The client's classes, and exception handlers an application sets on its connections.
    return internalName.startsWith(IMPL) || internalName.contains("ExceptionHandler")
        && !internalName.startsWith("java/") && !internalName.startsWith("jdk/")
        && !internalName.startsWith("sun/");
  }

  private static String binary(String internalName) {
    return internalName.replace('/', '.');
  }

  @Override
  public List<Target> targets() {
    return List.of(
        Target.types(named(binary(CHANNEL)))
            .advice(named("basicConsume").and(takesArguments(7))
                    .and(takesArgument(6, named("com.rabbitmq.client.Consumer"))),
                ADVICE + "ConsumeAdvice", "consume")
            .advice(named("basicAck"), ADVICE + "AckAdvice", "ack")
            .advice(named("basicNack"), ADVICE + "NackAdvice", "nack")
            .advice(named("basicReject"), ADVICE + "RejectAdvice", "reject")
            .withSlot(),
        // Its basicAck/Nack/Reject take the tags the application saw (offset after a recovery).
        Target.types(named(binary(RECOVERY_CHANNEL)))
            .advice(named("basicAck"), ADVICE + "AckAdvice", "ack")
            .advice(named("basicNack"), ADVICE + "NackAdvice", "nack")
            .advice(named("basicReject"), ADVICE + "RejectAdvice", "reject"),
        Target.types(named(binary(DISPATCHER)))
            .advice(named("handleConsumeOk").and(takesArguments(2)),
                ADVICE + "ConsumeOkAdvice", "consume-ok")
            .withSlot(),
        // The runnable of ConsumerDispatcher.handleDelivery: the one that holds an envelope.
        Target.types(nameStartsWith(binary(DISPATCHER) + "$")
                .and(declaresField(named("val$envelope"))))
            .advice(named("run").and(takesArguments(0)), ADVICE + "DeliveryAdvice",
                "deliver"),
        Target.types(nameContains("ExceptionHandler").and(not(isInterface()))
                .and(not(nameStartsWith("java.").or(nameStartsWith("jdk."))
                    .or(nameStartsWith("sun."))))
                .and(Matchers.isSubTypeOf("com.rabbitmq.client.ExceptionHandler")))
            .advice(named("handleConsumerException").and(takesArguments(5)),
                ADVICE + "ConsumerFailedAdvice", "failed"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    Deliveries deliveries = new Deliveries(recorder);
    return Map.of("consume", deliveries.consuming(), "consume-ok", deliveries.consumeOk(), "ack", deliveries.settled(null),
        "nack", deliveries.settled("nack"), "reject", deliveries.settled("reject"),
        "deliver", deliveries, "failed", deliveries.failed());
  }
}
