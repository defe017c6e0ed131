package io.sliagent.instrumentation.reactornetty;

import static io.sliagent.api.Matchers.isConstructor;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.returns;
import static io.sliagent.api.Matchers.takesArgument;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import io.sliagent.endpoint.HttpEndpoints;
import java.util.List;
import java.util.Map;

/**
 * Reactor Netty's HTTP client. One {@code HttpClientConnect.HttpClientHandler} is made on the
 * subscribing thread for each subscription to a request, before its connection is acquired, and
 * lives across the client's redirects and its own retry; the rest happens on event loops, so the
 * request's state travels in the handler's slot ({@link Exchanges}):
 * <ul>
 *   <li>the handler's construction starts the call (a WebSocket upgrade is no call);
 *   <li>the response's head ends it, where the response is handed to the subscriber
 *       ({@code HttpIOHandlerObserver} on {@code RESPONSE_RECEIVED}): redirects and
 *       authentication challenges never get there;
 *   <li>the handler's {@code test(Throwable)}, which every error of an attempt reaches, ends it
 *       with that error unless the client tries again; trying again after a connection reset is
 *       the call's retry, after a redirect not;
 *   <li>a cancelled subscription (a {@code timeout()}, say) ends it as cancelled: the request's
 *       sink carries the state too.
 * </ul>
 */
public final class ReactorNettyInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      ReactorNettyInstrumentation.class.getPackageName() + ".";

  static final String CONNECT = "reactor/netty/http/client/HttpClientConnect$";
  static final String SINK = "reactor/core/publisher/MonoCreate$DefaultMonoSink";

  @Override
  public String name() {
    return "reactor-netty-http-client";
  }

  @Override
  public Signal signal() {
    return Signal.HTTP_CLIENT;
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.startsWith(CONNECT) || internalName.equals(SINK);
  }

  @Override
  public List<Target> targets() {
    String connect = CONNECT.replace('/', '.');
    return List.of(
        Target.types(named(connect + "HttpClientHandler"))
            .advice(isConstructor().and(takesArguments(1)), ADVICE + "StartAdvice", "start")
            .advice(named("test").and(takesArgument(0, named("java.lang.Throwable")))
                    .and(returns(named("boolean"))),
                ADVICE + "TestAdvice", "end")
            .withSlot(),
        Target.types(named(connect + "HttpIOHandlerObserver"))
            .advice(named("onStateChange").and(takesArguments(2)),
                ADVICE + "HeadAdvice", "end"),
        Target.types(named(connect + "HttpObserver"))
            .advice(isConstructor().and(takesArguments(2)),
                ADVICE + "ObserverAdvice", "sink"),
        Target.types(named(SINK.replace('/', '.')))
            .advice(named("cancel").and(takesArguments(0)), ADVICE + "CancelAdvice",
                "cancel")
            .withSlot());
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    Exchanges exchanges = new Exchanges(new HttpEndpoints(recorder));
    return Map.of("start", exchanges.start(), "end", exchanges.end(), "sink", exchanges.sink(),
        "cancel", exchanges.cancel());
  }
}
