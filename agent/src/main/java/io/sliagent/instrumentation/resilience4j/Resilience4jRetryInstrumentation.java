package io.sliagent.instrumentation.resilience4j;

import static io.sliagent.api.Matchers.isStatic;
import static io.sliagent.api.Matchers.nameContains;
import static io.sliagent.api.Matchers.nameStartsWith;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.not;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Recorder;
import io.sliagent.api.Retries;
import io.sliagent.api.RetryAdvice;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import java.util.List;
import java.util.Map;

/**
 * Resilience4j's {@code Retry}: each synchronous decorator ({@code decorateSupplier}, {@code
 * executeCallable}, the Spring Boot starter's {@code @Retry}, ...) runs its attempts in a loop in
 * a lambda of the {@code Retry} interface, asking the retry's context after each one whether to
 * try again. The loop is the lambda; a context that lets an error or a result through (rather
 * than throwing it, or completing) starts a retry. Records nothing itself: the calls the retried
 * attempts make are marked ({@link Retries}).
 */
public final class Resilience4jRetryInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      Resilience4jRetryInstrumentation.class.getPackageName() + ".";

  static final String RETRY = "io/github/resilience4j/retry/Retry";
  static final String CONTEXT = "io/github/resilience4j/retry/internal/RetryImpl$ContextImpl";

  @Override
  public String name() {
    return "resilience4j-retry";
  }

  @Override
  public Signal signal() {
    return null;
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.equals(RETRY) || internalName.equals(CONTEXT);
  }

  @Override
  public List<Target> targets() {
    return List.of(
        Target.types(named(RETRY.replace('/', '.')))
            // The synchronous decorators' loops; the asynchronous one returns at once.
            .advice(isStatic().and(nameStartsWith("lambda$decorate"))
                    .and(not(nameContains("CompletionStage"))),
                RetryAdvice.Loop.class.getName(), "loop"),
        Target.types(named(CONTEXT.replace('/', '.')))
            .advice(named("onError").or(named("onRuntimeError")).and(takesArguments(1)),
                ADVICE + "ErrorAdvice", "retrying")
            .advice(named("onResult").and(takesArguments(1)),
                ADVICE + "ResultAdvice", "retrying"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    return Map.of("loop", Retries.loopHandler(), "retrying", Retries.retryingHandler());
  }
}
