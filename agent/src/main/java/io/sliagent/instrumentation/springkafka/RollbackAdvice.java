package io.sliagent.instrumentation.springkafka;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Inlined into {@code ListenerConsumer.recordAfterRollback(iterator, record, exception)}: a
 * transactional container's record listener threw (or its transaction failed) and was rolled
 * back; as with {@link ErrorHandlerAdvice}, the record's processing failed, and the remaining
 * records the container takes from the iterator for its {@code AfterRollbackProcessor} (which
 * seeks back to them) are not processed.
 */
public final class RollbackAdvice {

  private RollbackAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.FieldValue("consumer") Object consumer,
      @Advice.Argument(1) Object record, @Advice.Argument(2) RuntimeException thrown) {
    Throwable cause = thrown instanceof ListenerExecutionFailedException
        && thrown.getCause() != null ? thrown.getCause() : thrown;
    Bridge.event(call, consumer, cause == null ? "unknown" : cause.getClass().getName(), record);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.FieldValue("consumer") Object consumer) {
    Bridge.event(call, consumer, null, null);
  }
}
