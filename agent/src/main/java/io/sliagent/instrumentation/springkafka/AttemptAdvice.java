package io.sliagent.instrumentation.springkafka;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Inlined into {@code ListenerConsumer.invokeBatchOnMessageWithRecordsOrList(records, list)},
 * which calls the batch listener once: on the delivery and on each retry the error handler makes
 * in memory. Hands over the number of records per topic (read here, where Kafka's types link) and
 * the listener's exception, unwrapped from the container's {@code
 * ListenerExecutionFailedException}.
 */
public final class AttemptAdvice {

  private AttemptAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call, @Advice.FieldValue("consumer") Object consumer) {
    return Bridge.begin(call, consumer, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Enter long start,
      @Advice.FieldValue("consumer") Object consumer,
      @Advice.Argument(0) ConsumerRecords<?, ?> records, @Advice.Thrown Throwable thrown) {
    if (start == Bridge.NOT_ENTERED) {
      return;
    }
    Map<String, Integer> counts = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      counts.merge(tp.topic(), records.records(tp).size(), Integer::sum);
    }
    Throwable cause = thrown instanceof ListenerExecutionFailedException
        && thrown.getCause() != null ? thrown.getCause() : thrown;
    Bridge.end(call, consumer, counts, cause, start);
  }
}
