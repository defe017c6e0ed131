package io.sliagent.instrumentation.rabbitmq;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ExceptionHandler.handleConsumerException(channel, exception, consumer,
 * consumerTag, method)} of the client's handlers (and of an application's, named
 * {@code *ExceptionHandler}): the dispatcher's runnable hands it what {@code handleDelivery}
 * threw, on the delivery's own thread.
 */
public final class ConsumerFailedAdvice {

  private ConsumerFailedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.Argument(1) Throwable exception,
      @Advice.Argument(4) String method) {
    if ("handleDelivery".equals(method)) {
      Bridge.event(call, null, exception, null);
    }
  }
}
