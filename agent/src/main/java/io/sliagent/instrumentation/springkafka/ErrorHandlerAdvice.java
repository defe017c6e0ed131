package io.sliagent.instrumentation.springkafka;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Inlined into {@code ListenerConsumer.invokeErrorHandler(record, iterator, exception)}. On
 * entry: the record's processing failed, as the listener's exception (the container wraps it in a
 * {@code ListenerExecutionFailedException}), before the handler commits, takes the remaining
 * records from the iterator or seeks. On exit, thrown or not: the handler is done.
 */
public final class ErrorHandlerAdvice {

  private ErrorHandlerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.FieldValue("consumer") Object consumer,
      @Advice.Argument(0) Object record, @Advice.Argument(2) RuntimeException thrown) {
    Throwable cause = thrown instanceof ListenerExecutionFailedException
        && thrown.getCause() != null ? thrown.getCause() : thrown;
    Bridge.event(call, consumer, cause == null ? "unknown" : cause.getClass().getName(), record);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.FieldValue("consumer") Object consumer) {
    Bridge.event(call, consumer, null, null);
  }
}
