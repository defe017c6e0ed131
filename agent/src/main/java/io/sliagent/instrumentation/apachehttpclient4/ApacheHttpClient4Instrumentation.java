package io.sliagent.instrumentation.apachehttpclient4;

import static io.sliagent.api.Matchers.isAbstract;
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
 * Apache HttpClient 4.x's classic client: every {@code execute} overload ends in {@code
 * doExecute(target, request, context)}, measured from the request to the response's head,
 * retries and redirects included; the clients {@code HttpClientBuilder} makes run each attempt
 * through {@code ProtocolExec}, and an attempt after a failed one is the call's retry ({@link
 * HttpAttempts}; the deprecated {@code DefaultHttpClient} is measured, its retries not counted).
 */
public final class ApacheHttpClient4Instrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      ApacheHttpClient4Instrumentation.class.getPackageName() + ".";

  private static final String CLIENTS = "org/apache/http/impl/client/";
  private static final String PROTOCOL_EXEC = "org/apache/http/impl/execchain/ProtocolExec";

  @Override
  public String name() {
    return "apache-httpclient-4";
  }

  @Override
  public Signal signal() {
    return Signal.HTTP_CLIENT;
  }

  @Override
  public boolean mayChange(String internalName) {
    return (internalName.startsWith(CLIENTS) && internalName.endsWith("HttpClient"))
        || internalName.equals(PROTOCOL_EXEC);
  }

  @Override
  public List<Target> targets() {
    return List.of(
        Target.types(Matchers.isSubTypeOf("org.apache.http.impl.client.CloseableHttpClient"))
            .advice(named("doExecute").and(takesArguments(3)).and(not(isAbstract())),
                ADVICE + "ExecuteAdvice", "execute"),
        Target.types(named(PROTOCOL_EXEC.replace('/', '.')))
            .advice(named("execute").and(takesArguments(4)),
                ADVICE + "AttemptAdvice", "attempt"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    HttpAttempts attempts = new HttpAttempts();
    return Map.of("execute", attempts.call(new HttpEndpoints(recorder)),
        "attempt", attempts.attempt());
  }
}
