package io.sliagent.instrumentation.kafka;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Inlined into {@code KafkaConsumer.poll}. On entry: the record being processed is done, and the
 * first time the consumer's group is read. On exit, on the consumer's own thread (the only one
 * that may call it): the records it returned, and each assigned topic's lag as the consumer
 * computed it from its last fetch ({@code currentLag}: the partition's high watermark minus the
 * position, no request made), summed over the topic's partitions whose lag it knows; -1 for a
 * topic where it knows none. The classic consumer learns a partition's high watermark only when
 * it starts handing out that partition's fetched records, so waiting for all of them could show
 * nothing for as long as a consumer is far behind.
 */
public final class PollAdvice {

  private PollAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This KafkaConsumer<?, ?> consumer) {
    String group = null;
    if (!(consumer instanceof Slot) || ((Slot) consumer).sli$get() == null) {
      try {
        group = consumer.groupMetadata().groupId();
      } catch (RuntimeException noGroup) {
        // InvalidGroupIdException: a consumer without group.id has no group.
      }
    }
    Bridge.event(call, consumer, group, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This KafkaConsumer<?, ?> consumer,
      @Advice.Return Object records) {
    Map<String, Long> lags = new HashMap<>();
    try {
      for (TopicPartition tp : consumer.assignment()) {
        Long sum = lags.get(tp.topic());
        OptionalLong lag = consumer.currentLag(tp);
        if (lag.isPresent()) {
          lags.put(tp.topic(), (sum == null || sum < 0 ? 0 : sum) + lag.getAsLong());
        } else if (sum == null) {
          lags.put(tp.topic(), -1L);
        }
      }
    } catch (RuntimeException closedOrOld) {
      lags = Collections.emptyMap(); // closed meanwhile, or a client without currentLag
    }
    Object polled = records instanceof ConsumerRecords && !((ConsumerRecords<?, ?>) records)
        .isEmpty() ? records : null;
    Bridge.event(call, consumer, polled, lags);
  }
}
