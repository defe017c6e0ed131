package io.sliagent.instrumentation.apachehttpclient5;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Inlined into {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)}, where HttpClient's
 * types link: hands the bridge the method, the URL as text and the status code. The target host
 * is the one the client routes to; without one, the request's own scheme and authority.
 */
public final class ExecuteAdvice {

  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Argument(0) HttpHost target,
      @Advice.Argument(1) ClassicHttpRequest request, @Advice.Return HttpResponse response,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    if (start == Bridge.NOT_ENTERED || start == Bridge.NESTED) {
      Bridge.exit(call, null, null, null, thrown, start); // the nesting depth still unwinds
      return;
    }
    String url;
    if (target != null) {
      url = target.toURI() + request.getPath();
    } else if (request.getAuthority() != null) {
      url = request.getScheme() + "://" + request.getAuthority() + request.getPath();
    } else {
      url = request.getPath();
    }
    Bridge.exit(call, request.getMethod(), url,
        response == null ? null : Integer.valueOf(response.getCode()), thrown, start);
  }
}
