package io.sliagent.instrumentation.kafka;

import static io.sliagent.api.Matchers.declaresMethod;
import static io.sliagent.api.Matchers.isBridge;
import static io.sliagent.api.Matchers.isPublic;
import static io.sliagent.api.Matchers.nameStartsWith;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.namedOneOf;
import static io.sliagent.api.Matchers.not;
import static io.sliagent.api.Matchers.takesArgument;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import java.util.List;
import java.util.Map;

/**
 * {@code KafkaConsumer} (the public class: in 4.x and late 3.x a facade over the classic or the
 * new consumer, so both are covered) and the iterator of {@code ConsumerRecords}: a record's
 * processing starts when the iterator makes it the next one ({@code makeNext}, inside the
 * application's {@code hasNext}) and ends at the next {@code makeNext} of that consumer's records
 * or at its next poll, commit, seek back or close.
 */
public final class KafkaInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      KafkaInstrumentation.class.getPackageName() + ".";

  private static final String PREFIX = "org/apache/kafka/clients/consumer/";
  static final String CONSUMER = PREFIX + "KafkaConsumer";
  static final String RECORDS = PREFIX + "ConsumerRecords";

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public Signal signal() {
    return Signal.CONSUMER;
  }

  @Override
  public boolean mayChange(String internalName) {
    // ConsumerRecords and its nested classes (the iterable of one topic, the iterator).
    return internalName.startsWith(PREFIX)
        && (internalName.equals(CONSUMER) || internalName.startsWith(RECORDS));
  }

  private static String binary(String internalName) {
    return internalName.replace('/', '.');
  }

  @Override
  public List<Target> targets() {
    String tp = "org.apache.kafka.common.TopicPartition";
    return List.of(
        Target.types(named(binary(CONSUMER)))
            .advice(named("poll").and(takesArguments(1)).and(isPublic()),
                ADVICE + "PollAdvice", "poll")
            .advice(namedOneOf("commitSync", "commitAsync").and(isPublic()),
                ADVICE + "CommitAdvice", "commit")
            .advice(named("seek").and(takesArgument(0, named(tp)))
                .and(takesArgument(1, named("long"))), ADVICE + "SeekAdvice", "seek")
            .advice(named("seek").and(takesArgument(0, named(tp)))
                .and(takesArgument(1, named(
                    "org.apache.kafka.clients.consumer.OffsetAndMetadata"))),
                ADVICE + "SeekToAdvice", "seek")
            .advice(named("close").and(isPublic()), ADVICE + "CloseAdvice", "close")
            .withSlot(),
        Target.types(named(binary(RECORDS)))
            .advice(named("iterator").and(takesArguments(0))
                .or(named("records").and(takesArgument(0, named("java.lang.String")))),
                ADVICE + "LinkAdvice", "link")
            .withSlot(),
        // The iterable of one topic's records, and the iterator (an anonymous class in 3.x and
        // 4.x, so found by its method).
        Target.types(nameStartsWith(binary(RECORDS) + "$")
                .and(not(declaresMethod(named("makeNext")))))
            .advice(named("iterator").and(takesArguments(0)), ADVICE + "LinkAdvice", "link")
            .withSlot(),
        Target.types(nameStartsWith(binary(RECORDS) + "$").and(declaresMethod(named("makeNext"))))
            .advice(named("makeNext").and(takesArguments(0)).and(not(isBridge())),
                ADVICE + "NextAdvice", "next")
            .withSlot());
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    Consumers consumers = new Consumers(recorder);
    return Map.of("poll", consumers.poll(), "commit", consumers.commit(),
        "seek", consumers.seek(), "close", consumers.close(), "link", consumers.link(),
        "next", consumers.next());
  }
}
