package io.sliagent.instrumentation.apachehttpclient5;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;

/**
 * Inlined into {@code ComplexFuture.completed(result)}: an async call ends, if this is a
 * request's future and the completion took effect. The status is read from the result when it is
 * a response, or a message whose head is one (what the client's own consumers produce).
 */
public final class CompletedAdvice {

  private CompletedAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object future,
      @Advice.Argument(0) Object result, @Advice.Return boolean done) {
    if (done && future instanceof Slot && ((Slot) future).sli$get() != null) {
      Object head = result instanceof Message ? ((Message<?, ?>) result).getHead() : result;
      Bridge.event(call, future,
          head instanceof HttpResponse ? Integer.valueOf(((HttpResponse) head).getCode()) : null,
          null);
    }
  }
}
