package io.sliagent.instrumentation.httpurlconnection;

import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import java.util.List;
import java.util.Map;

/**
 * The JDK's {@code HttpURLConnection} (http, and https through the delegate it wraps): measured
 * from the first {@code connect()} or {@code getOutputStream()} to the first completed
 * {@code getInputStream()}, which every way of reading the response goes through
 * ({@code getResponseCode()}, headers, the body). One exchange is recorded once.
 */
public final class HttpUrlConnectionInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      HttpUrlConnectionInstrumentation.class.getPackageName() + ".";

  static final String TYPE = "sun.net.www.protocol.http.HttpURLConnection";
  private static final String INTERNAL_NAME = TYPE.replace('.', '/');

  @Override
  public String name() {
    return "http-url-connection";
  }

  @Override
  public Signal signal() {
    return Signal.HTTP_CLIENT;
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.equals(INTERNAL_NAME);
  }

  @Override
  public List<Target> targets() {
    return List.of(Target.types(named(TYPE))
        .advice(named("connect").and(takesArguments(0))
                .or(named("getOutputStream").and(takesArguments(0))),
            ADVICE + "StartAdvice", "start")
        .advice(named("getInputStream").and(takesArguments(0)),
            ADVICE + "ResponseAdvice", "response")
        // The JDK loads this class on first use, after the agent: a field of its own keeps
        // each exchange without a shared, locked map.
        .withSlot());
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    UrlConnectionHandler handler = new UrlConnectionHandler(recorder);
    return Map.of("start", handler, "response", handler);
  }
}
