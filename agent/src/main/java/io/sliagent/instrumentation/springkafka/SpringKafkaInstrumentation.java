package io.sliagent.instrumentation.springkafka;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Slots;
import io.sliagent.api.Target;
import io.sliagent.instrumentation.kafka.RecordProcessing;
import java.util.List;
import java.util.Map;

/**
 * The record listener's error handling in Spring Kafka's {@code KafkaMessageListenerContainer}
 * (under a {@code ConcurrentMessageListenerContainer} too): {@code invokeErrorHandler} is called
 * with the record whose listener threw, then takes the batch's remaining records from the
 * iterator to seek back to them (a {@code DefaultErrorHandler}, which also seeks back to the
 * failed record to retry it, or recovers it and commits past it) or to hand them on later. The
 * consumer sees only the iteration and the seeks: without this, the failed record would end as a
 * success when the next one is taken, and the ones taken back would be counted as processed.
 */
public final class SpringKafkaInstrumentation implements Instrumentation {

  static final String LISTENER_CONSUMER =
      "org/springframework/kafka/listener/KafkaMessageListenerContainer$ListenerConsumer";

  @Override
  public String name() {
    return "spring-kafka";
  }

  @Override
  public Signal signal() {
    return null; // the kafka instrumentation records
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.equals(LISTENER_CONSUMER);
  }

  @Override
  public List<Target> targets() {
    return List.of(Target.types(named(LISTENER_CONSUMER.replace('/', '.')))
        .advice(named("invokeErrorHandler").and(takesArguments(3))
                .and(takesArgument(0, named("org.apache.kafka.clients.consumer.ConsumerRecord")))
                .and(takesArgument(2, RuntimeException.class)),
            ErrorHandlerAdvice.class.getName(), "error-handler"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    Slots slots = new Slots();
    // The consumer's state is the kafka instrumentation's, in the consumer's slot; none when
    // that instrumentation is off or the consumer is not a KafkaConsumer.
    return Map.of("error-handler", CallHandler.ofEvents((consumer, errorType, record) -> {
      Object state = slots.get(consumer);
      if (state instanceof RecordProcessing) {
        if (errorType != null) {
          ((RecordProcessing) state).failed(record, (String) errorType);
        } else {
          ((RecordProcessing) state).resume();
        }
      }
    }));
  }
}
