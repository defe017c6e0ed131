package io.sliagent.instrumentation.springcoreretry;

import static io.sliagent.api.Matchers.named;
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
 * Spring Framework 7's {@code RetryTemplate}: {@code execute(Retryable)} is the loop (its {@code
 * invoke} variants and Spring's {@code @Retryable} interceptor go through it), and its retry
 * state counts a retry just before each attempt after the first. Records nothing itself.
 */
public final class SpringCoreRetryInstrumentation implements Instrumentation {

  static final String TEMPLATE = "org/springframework/core/retry/RetryTemplate";
  static final String STATE = "org/springframework/core/retry/RetryTemplate$MutableRetryState";

  @Override
  public String name() {
    return "spring-core-retry";
  }

  @Override
  public Signal signal() {
    return null;
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.equals(TEMPLATE) || internalName.equals(STATE);
  }

  @Override
  public List<Target> targets() {
    return List.of(
        Target.types(named(TEMPLATE.replace('/', '.')))
            .advice(named("execute").and(takesArguments(1)),
                RetryAdvice.Loop.class.getName(), "loop"),
        Target.types(named(STATE.replace('/', '.')))
            .advice(named("increaseRetryCount").and(takesArguments(0)),
                RetryAdvice.Retrying.class.getName(), "retrying"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    return Map.of("loop", Retries.loopHandler(), "retrying", Retries.retryingHandler());
  }
}
