package io.sliagent.instrumentation.apachehttpclient5;

import static io.sliagent.api.Matchers.isAbstract;
import static io.sliagent.api.Matchers.isConstructor;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.not;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Matchers;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import io.sliagent.endpoint.HttpAttempts;
import io.sliagent.endpoint.HttpEndpoints;
import java.util.List;
import java.util.Map;

/**
 * Apache HttpClient 5's classic client: every {@code execute} overload, with or without a
 * response handler, ends in {@code doExecute(target, request, context)}, measured from the
 * request to the response's head (its body is the application's to stream), retries and
 * redirects included. A client wrapping another nests, and is measured once. The attempts it
 * makes again inside a call after a failed one are the call's retries ({@link HttpAttempts}).
 * The async client ({@code HttpAsyncClients}) is measured from the request's exec scope (before
 * its connection is leased) to the end of the future it returned, with the retries its retry
 * handler made ({@link AsyncCalls}).
 */
public final class ApacheHttpClient5Instrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      ApacheHttpClient5Instrumentation.class.getPackageName() + ".";

  private static final String PACKAGE = "org/apache/hc/client5/http/impl/classic/";
  private static final String SCOPE = "org/apache/hc/client5/http/async/AsyncExecChain$Scope";
  private static final String FUTURE = "org/apache/hc/core5/concurrent/ComplexFuture";

  @Override
  public String name() {
    return "apache-httpclient-5";
  }

  @Override
  public Signal signal() {
    return Signal.HTTP_CLIENT;
  }

  /**
   * {@code InternalHttpClient}, {@code MinimalHttpClient} (what the builders make), and {@code
   * ProtocolExec}, where each attempt passes.
   */
  @Override
  public boolean mayChange(String internalName) {
    return internalName.startsWith(PACKAGE)
        && (internalName.endsWith("HttpClient") || internalName.endsWith("/ProtocolExec"))
        || internalName.equals(SCOPE) || internalName.equals(FUTURE);
  }

  @Override
  public List<Target> targets() {
    return List.of(Target.types(
            Matchers.isSubTypeOf("org.apache.hc.client5.http.impl.classic.CloseableHttpClient"))
        .advice(named("doExecute").and(takesArguments(3)).and(not(isAbstract())),
            ADVICE + "ExecuteAdvice", "execute"),
        Target.types(named(PACKAGE.replace('/', '.') + "ProtocolExec"))
            .advice(named("execute").and(takesArguments(3)),
                ADVICE + "AttemptAdvice", "attempt"),
        // The async client: from the request's exec scope to the end of its future.
        Target.types(named(SCOPE.replace('/', '.')))
            .advice(isConstructor(), ADVICE + "ScopeAdvice", "async-start")
            .advice(isConstructor(), ADVICE + "ScopeCountAdvice", "async-count"),
        Target.types(named(FUTURE.replace('/', '.')))
            .advice(named("completed").and(takesArguments(1)),
                ADVICE + "CompletedAdvice", "async-end")
            .advice(named("failed").and(takesArguments(1)),
                ADVICE + "FailedAdvice", "async-end")
            .advice(named("cancel").and(takesArguments(1)),
                ADVICE + "CancelledAdvice", "async-end")
            .withSlot());
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    HttpAttempts attempts = new HttpAttempts();
    HttpEndpoints endpoints = new HttpEndpoints(recorder);
    AsyncCalls async = new AsyncCalls(endpoints);
    return Map.of("execute", attempts.call(endpoints), "attempt", attempts.attempt(),
        "async-start", async.start(), "async-count", async.count(), "async-end", async.end());
  }
}
