package io.sliagent.instrumentation.okhttp;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Inlined into {@code RetryAndFollowUpInterceptor.followUpRequest(response, ...)}: a follow-up of
 * a failed response (408, 429, 5xx) is a retry; of a redirect or a challenge, not.
 */
public final class FollowUpAdvice {

  private FollowUpAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Argument(0) Response response,
      @Advice.Return Request followUp) {
    if (followUp != null) {
      int code = response.code();
      if (code == 408 || code == 429 || code >= 500) {
        Bridge.event(call, null, null, null);
      }
    }
  }
}
