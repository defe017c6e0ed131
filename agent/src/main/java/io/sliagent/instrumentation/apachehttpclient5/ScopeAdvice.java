package io.sliagent.instrumentation.apachehttpclient5;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Inlined after the constructors of the async client's {@code AsyncExecChain.Scope}, made for a
 * request before its connection is leased (and again, with the same request and future, for each
 * redirect): the future the application holds, the method and the URL as text.
 */
public final class ScopeAdvice {

  private ScopeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Call int call,
      @Advice.FieldValue("originalRequest") HttpRequest request,
      @Advice.FieldValue("cancellableDependency") Object future,
      @Advice.FieldValue("route") HttpRoute route) {
    if (request == null || future == null) {
      return;
    }
    String url = request.getAuthority() != null
        ? request.getScheme() + "://" + request.getAuthority() + request.getPath()
        : route != null ? route.getTargetHost().toURI() + request.getPath() : request.getPath();
    Bridge.event(call, future, request.getMethod(), url);
  }
}
