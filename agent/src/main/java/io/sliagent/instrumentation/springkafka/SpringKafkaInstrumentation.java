package io.sliagent.instrumentation.springkafka;

import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.takesArgument;
import static io.sliagent.api.Matchers.takesArguments;

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
 * success when the next one is taken, and the ones taken back would be counted as processed. A
 * transactional container without an error handler does the same in {@code recordAfterRollback}.
 *
 * <p>A batch listener is called once with all the records of a poll ({@code invokeBatchListener}
 * first copies them into its list), and again on each retry its error handler makes in memory:
 * each of those calls ({@code invokeBatchOnMessageWithRecordsOrList}) is one processing of each
 * of its records, as long as the call, failed when it threw.
 */
public final class SpringKafkaInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      SpringKafkaInstrumentation.class.getPackageName() + ".";

  static final String LISTENER_CONSUMER =
      "org/springframework/kafka/listener/KafkaMessageListenerContainer$ListenerConsumer";

  private static final String RECORD = "org.apache.kafka.clients.consumer.ConsumerRecord";
  private static final String RECORDS = RECORD + "s";

  private final Slots slots = new Slots();

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
                .and(takesArgument(0, named(RECORD)))
                .and(takesArgument(2, named("java.lang.RuntimeException"))),
            ADVICE + "ErrorHandlerAdvice", "error-handler")
        .advice(named("recordAfterRollback").and(takesArguments(3))
                .and(takesArgument(1, named(RECORD)))
                .and(takesArgument(2, named("java.lang.RuntimeException"))),
            ADVICE + "RollbackAdvice", "rollback")
        .advice(named("invokeBatchListener").and(takesArguments(1))
                .and(takesArgument(0, named(RECORDS))),
            ADVICE + "BatchAdvice", "batch")
        .advice(named("invokeBatchOnMessageWithRecordsOrList").and(takesArguments(2))
                .and(takesArgument(0, named(RECORDS))),
            ADVICE + "AttemptAdvice", "batch-attempt"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    CallHandler failed = CallHandler.ofEvents((consumer, errorType, record) -> {
      RecordProcessing p = processing(consumer);
      if (p != null && errorType != null) {
        p.failed(record, (String) errorType);
      } else if (p != null) {
        p.resume();
      }
    });
    return Map.of(
        "error-handler", failed,
        "rollback", failed,
        "batch", CallHandler.ofEvents((consumer, starts, r) -> {
          RecordProcessing p = processing(consumer);
          if (p != null && starts != null) {
            p.batch();
          } else if (p != null) {
            p.resume();
          }
        }),
        "batch-attempt", new CallHandler() {
          @Override
          public void onExit(Object consumer, Object counts, Object result, Throwable thrown,
              long startNanos, long endNanos) {
            RecordProcessing p = processing(consumer);
            if (p != null && counts instanceof Map) {
              String error = thrown == null ? null : thrown.getClass().getName();
              for (Map.Entry<?, ?> e : ((Map<?, ?>) counts).entrySet()) {
                p.batchAttempt((String) e.getKey(), (Integer) e.getValue(),
                    endNanos - startNanos, error);
              }
            }
          }
        });
  }

  /**
   * The consumer's state: the kafka instrumentation's, in the consumer's slot; none when that
   * instrumentation is off or the consumer is not a {@code KafkaConsumer}.
   */
  private RecordProcessing processing(Object consumer) {
    Object state = slots.get(consumer);
    return state instanceof RecordProcessing ? (RecordProcessing) state : null;
  }
}
