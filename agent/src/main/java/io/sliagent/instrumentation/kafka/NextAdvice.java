package io.sliagent.instrumentation.kafka;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Inlined into the records' iterator's {@code makeNext()}, which the application's {@code
 * hasNext()} (or {@code next()}) calls: the record it made is handed out now, or, when it made
 * none, the iteration ended. The record's timestamp goes in the iterator's slot, so nothing is
 * boxed; its topic and the record itself (held, never read, by the agent) go to the bridge.
 */
public final class NextAdvice {

  private NextAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object iterator,
      @Advice.Return Object made) {
    if (made instanceof ConsumerRecord) {
      ConsumerRecord<?, ?> r = (ConsumerRecord<?, ?>) made;
      if (iterator instanceof Slot) {
        ((Slot) iterator).sli$setLong(r.timestamp());
      }
      Bridge.event(call, iterator, r.topic(), made);
    } else {
      Bridge.event(call, iterator, null, null);
    }
  }
}
