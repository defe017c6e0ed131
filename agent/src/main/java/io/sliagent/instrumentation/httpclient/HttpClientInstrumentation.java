package io.sliagent.instrumentation.httpclient;


import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.sliagent.instrumentation.CallHandler;
import io.sliagent.instrumentation.Instrumentation;
import io.sliagent.instrumentation.Kinds;
import io.sliagent.instrumentation.Target;
import io.sliagent.instrumentation.TypeMatchers;
import io.sliagent.recording.Recording;
import io.sliagent.recording.SignalKind;
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
  public boolean mayChange(String internalName) {
    return internalName.startsWith("jdk/internal/net/http/");
  }

  @Override
  public List<Target> targets() {
    return List.of(Target.types(nameStartsWith("jdk.internal.net.http.")
            .and(TypeMatchers.isSubTypeOf("java.net.http.HttpClient")))
        .advice(named("send").and(isPublic()).and(takesArguments(2)),
            SendAdvice.class.getName())
        .advice(named("sendAsync").and(isPublic())
                .and(takesArguments(2).or(takesArguments(3))),
            SendAsyncAdvice.class.getName()));
  }

  @Override
  public Map<Integer, CallHandler> handlers(Recording recording) {
    HttpClientHandler handler =
        new HttpClientHandler(recording.registry(SignalKind.HTTP_CLIENT));
    return Map.of(Kinds.HTTP_CLIENT_SEND, handler,
        Kinds.HTTP_CLIENT_SEND_ASYNC, handler.async());
  }
}
