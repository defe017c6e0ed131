package io.sliagent.instrumentation.apachehttpclient4;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;

/**
 * Inlined into {@code doExecute(HttpHost, HttpRequest, HttpContext)}, where HttpClient's types
 * link: hands the bridge the method, the URL as text and the status code. A relative request
 * URI is resolved against the target host.
 */
public final class ExecuteAdvice {

  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Argument(0) HttpHost target,
      @Advice.Argument(1) HttpRequest request, @Advice.Return HttpResponse response,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    if (start == Bridge.NOT_ENTERED || start == Bridge.NESTED) {
      Bridge.exit(call, null, null, null, thrown, start); // the nesting depth still unwinds
      return;
    }
    String uri = request.getRequestLine().getUri();
    String url = target != null && uri.indexOf("://") < 0 ? target.toURI() + uri : uri;
    Bridge.exit(call, request.getRequestLine().getMethod(), url,
        response == null ? null : Integer.valueOf(response.getStatusLine().getStatusCode()),
        thrown, start);
  }
}
