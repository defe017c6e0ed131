package io.sliagent.instrumentation.springretry;

import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Matchers;
import io.sliagent.api.Recorder;
import io.sliagent.api.Retries;
import io.sliagent.api.RetryAdvice;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import java.util.List;
import java.util.Map;

/**
 * Spring Retry's {@code RetryTemplate}: {@code doExecute} is the loop, and it asks {@code
 * canRetry} before every attempt; a yes when the context has seen a failure already starts a
 * retry. A stateful retry (one attempt per call, the context kept between them) is seen the same
 * way. Records nothing itself.
 */
public final class SpringRetryInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      SpringRetryInstrumentation.class.getPackageName() + ".";

  static final String TEMPLATE = "org/springframework/retry/support/RetryTemplate";

  @Override
  public String name() {
    return "spring-retry";
  }

  @Override
  public Signal signal() {
    return null;
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.startsWith("org/springframework/retry/support/")
        && internalName.endsWith("RetryTemplate");
  }

  @Override
  public List<Target> targets() {
    return List.of(Target.types(Matchers.isSubTypeOf(TEMPLATE.replace('/', '.')))
        .advice(named("doExecute").and(takesArguments(3)),
            RetryAdvice.Loop.class.getName(), "loop")
        .advice(named("canRetry").and(takesArguments(2)),
            ADVICE + "CanRetryAdvice", "retrying"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    return Map.of("loop", Retries.loopHandler(), "retrying", Retries.retryingHandler());
  }
}
