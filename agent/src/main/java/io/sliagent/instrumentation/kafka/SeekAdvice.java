package io.sliagent.instrumentation.kafka;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import java.util.function.Supplier;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Inlined into {@code KafkaConsumer.seek(TopicPartition, long)}: a seek back to the record being processed, or
 * before it, on its partition means its processing failed and it will be processed again (what a
 * hand-written retry and Spring Kafka's error handlers do). The consumer's state in its slot
 * hands out that record ({@link Consumers.State}); the record's fields are read here, where
 * Kafka's types link.
 */
public final class SeekAdvice {

  private SeekAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object consumer,
      @Advice.Argument(0) TopicPartition partition, @Advice.Argument(1) long offset) {
    Object state = consumer instanceof Slot ? ((Slot) consumer).sli$get() : null;
    Object open = state instanceof Supplier ? ((Supplier<?>) state).get() : null;
    if (open instanceof ConsumerRecord) {
      ConsumerRecord<?, ?> r = (ConsumerRecord<?, ?>) open;
      if (r.partition() == partition.partition() && r.topic().equals(partition.topic())
          && offset <= r.offset()) {
        Bridge.event(call, consumer, open, null);
      }
    }
  }
}
