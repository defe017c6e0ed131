package io.sliagent.instrumentation.okhttp;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import net.bytebuddy.asm.Advice;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Inlined into {@code RealCall.getResponseWithInterceptorChain$okhttp()}, where OkHttp's types
 * link: hands the bridge the method, the URL as text ({@code HttpUrl.toString()} returns the
 * text it holds, so nothing is built) and the status code.
 */
public final class ChainAdvice {

  private ChainAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This okhttp3.Call realCall,
      @Advice.Return Response response, @Advice.Thrown Throwable thrown,
      @Advice.Enter long start) {
    long from = start;
    if (start != Bridge.NOT_ENTERED && start != Bridge.NESTED && realCall instanceof Slot) {
      Object enqueued = ((Slot) realCall).sli$get();
      if (enqueued instanceof Long) {
        from = (Long) enqueued;
      }
    }
    Request request = realCall.request();
    Bridge.exit(call, request.method(), request.url().toString(),
        response == null ? null : Integer.valueOf(response.code()), thrown, from);
  }
}
