package io.sliagent.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Matchers;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import java.util.List;
import java.util.Map;

/**
 * {@code java.net.http.HttpClient}: {@code send} is measured around the call; {@code sendAsync}
 * from the call to the completion of the returned future, on whatever thread completes it. Only
 * the JDK's implementations are matched (the facade and the implementation it wraps nest, and
 * are measured once).
 */
public final class HttpClientInstrumentation implements Instrumentation {

  @Override
  public String name() {
    return "jdk-http-client";
  }

  @Override
  public Signal signal() {
    return Signal.HTTP_CLIENT;
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.startsWith("jdk/internal/net/http/");
  }

  @Override
  public List<Target> targets() {
    return List.of(Target.types(nameStartsWith("jdk.internal.net.http.")
            .and(Matchers.isSubTypeOf("java.net.http.HttpClient")))
        .advice(named("send").and(isPublic()).and(takesArguments(2)),
            SendAdvice.class.getName(), "send")
        .advice(named("sendAsync").and(isPublic())
                .and(takesArguments(2).or(takesArguments(3))),
            SendAsyncAdvice.class.getName(), "sendAsync"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    HttpClientHandler handler = new HttpClientHandler(recorder);
    return Map.of("send", handler, "sendAsync", handler.async());
  }
}
