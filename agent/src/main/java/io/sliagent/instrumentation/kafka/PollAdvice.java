package io.sliagent.instrumentation.kafka;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import java.util.OptionalLong;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Inlined into {@code KafkaConsumer.poll}. On entry: the record being processed is done, and the
 * first time the consumer's group is read. On exit, on the consumer's own thread (the only one
 * that may call it): each assigned partition's lag as the consumer computed it from its last
 * fetch ({@code currentLag}: the partition's high watermark minus the position, no request made;
 * -1 where it knows none yet), then the records it returned. A partition's lag goes in the
 * consumer's slot (a {@code long}, not boxed: this runs at every poll), with its topic and number
 * in the event; a consumer without a slot (its class loaded before the agent) has no lag.
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
    if (consumer instanceof Slot) {
      try {
        for (TopicPartition tp : consumer.assignment()) {
          OptionalLong lag = consumer.currentLag(tp);
          ((Slot) consumer).sli$setLong(lag.isPresent() ? lag.getAsLong() : -1);
          Bridge.event(call, consumer, tp.topic(), Integer.valueOf(tp.partition()));
        }
      } catch (RuntimeException closed) {
        // Closed meanwhile: its lag is gone.
      }
    }
    Object polled = records instanceof ConsumerRecords && !((ConsumerRecords<?, ?>) records)
        .isEmpty() ? records : null;
    Bridge.event(call, consumer, polled, Boolean.TRUE);
  }
}
