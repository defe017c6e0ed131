package io.sliagent.instrumentation.httpclient;

import static io.sliagent.api.Matchers.declaresField;
import static io.sliagent.api.Matchers.isConstructor;
import static io.sliagent.api.Matchers.isPublic;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.takesArguments;

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
 * are measured once). The JDK's own resend of a request whose connection broke is the call's
 * retry ({@link HttpClientHandler}).
 */
public final class HttpClientInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      HttpClientInstrumentation.class.getPackageName() + ".";

  @Override
  public String name() {
    return "jdk-http-client";
  }

  @Override
  public Signal signal() {
    return Signal.HTTP_CLIENT;
  }

  /**
   * The JDK's implementations of {@code java.net.http.HttpClient} (17 to 25). By exact name: the
   * package has some 400 classes, and each that passed this test would be parsed and matched
   * while the application makes its first call.
   */
  private static final String IMPL = "jdk/internal/net/http/HttpClientImpl";
  private static final String FACADE = "jdk/internal/net/http/HttpClientFacade";
  /** One per call: its attempts, redirects and the one resend the JDK allows. */
  private static final String EXCHANGE = "jdk/internal/net/http/MultiExchange";

  @Override
  public boolean mayChange(String internalName) {
    return internalName.equals(IMPL) || internalName.equals(FACADE)
        || internalName.equals(EXCHANGE);
  }

  @Override
  public List<Target> targets() {
    return List.of(Target.types(named(IMPL.replace('/', '.')).or(named(FACADE.replace('/', '.')))
            .and(Matchers.isSubTypeOf("java.net.http.HttpClient")))
        .advice(named("send").and(isPublic()).and(takesArguments(2)),
            ADVICE + "SendAdvice", "send")
        .advice(named("sendAsync").and(isPublic())
                .and(takesArguments(2).or(takesArguments(3))),
            ADVICE + "SendAsyncAdvice", "sendAsync"),
        // The resend: the JDK's flag is expiredOnce up to some version, retriedOnce after.
        resend("expiredOnce", ADVICE + "ExpiredOnceAdvice"),
        resend("retriedOnce", ADVICE + "RetriedOnceAdvice"));
  }

  private static Target resend(String flag, String advice) {
    return Target.types(named(EXCHANGE.replace('/', '.')).and(declaresField(named(flag))))
        .advice(isConstructor(), ADVICE + "ExchangeMadeAdvice", "exchange")
        .advice(named("responseAsyncImpl").and(takesArguments(0)), advice, "resend")
        .withSlot();
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    HttpClientHandler handler = new HttpClientHandler(recorder);
    return Map.of("send", handler, "sendAsync", handler.async(),
        "exchange", handler.exchangeMade(), "resend", handler.resend());
  }
}
