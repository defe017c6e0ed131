package io.sliagent.instrumentation.okhttp;

import static io.sliagent.api.Matchers.isPublic;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Matchers;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import io.sliagent.endpoint.HttpEndpoints;
import java.util.List;
import java.util.Map;

/**
 * OkHttp's {@code RealCall}: the exchange is its interceptor chain, which both {@code execute()}
 * and an enqueued call's worker run, retries and redirects included, and which ends before an
 * enqueued call's callback runs (the application's handling of the response is not the
 * dependency's latency). An enqueued call is timed from {@code enqueue}, so the time it waits for
 * OkHttp's dispatcher (at most 64 calls at once, 5 per host) counts, as a caller sees it. The
 * sends it makes again inside a call after a failed attempt are the call's retries ({@link
 * Resends}).
 */
public final class OkHttpInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      OkHttpInstrumentation.class.getPackageName() + ".";

  static final String REAL_CALL = "okhttp3/internal/connection/RealCall";
  static final String RETRY_AND_FOLLOW_UP = "okhttp3/internal/http/RetryAndFollowUpInterceptor";

  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public Signal signal() {
    return Signal.HTTP_CLIENT;
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.equals(REAL_CALL) || internalName.equals(RETRY_AND_FOLLOW_UP);
  }

  @Override
  public List<Target> targets() {
    return List.of(Target.types(named(REAL_CALL.replace('/', '.'))
            .and(Matchers.isSubTypeOf("okhttp3.Call")))
        // Kotlin's name for an internal function, the same in 4.x and 5.x.
        .advice(named("getResponseWithInterceptorChain$okhttp").and(takesArguments(0)),
            ADVICE + "ChainAdvice", "chain")
        .advice(named("enqueue").and(isPublic()).and(takesArguments(1)),
            ADVICE + "EnqueueAdvice", "enqueue")
        .withSlot(),
        // Its own retries: the same in 4.x and 5.x but for the arguments after the first.
        Target.types(named(RETRY_AND_FOLLOW_UP.replace('/', '.')))
            .advice(named("recover"), ADVICE + "RecoverAdvice", "resend")
            .advice(named("followUpRequest"), ADVICE + "FollowUpAdvice", "resend"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    Resends resends = new Resends();
    return Map.of("chain", resends.chain(new HttpEndpoints(recorder)), "enqueue", new Enqueued(),
        "resend", resends.decisions());
  }
}
