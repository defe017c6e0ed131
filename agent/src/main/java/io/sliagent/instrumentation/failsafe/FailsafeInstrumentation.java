package io.sliagent.instrumentation.failsafe;

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
 * Failsafe's synchronous execution: {@code executeSync} is the loop over the policies' attempts,
 * and {@code preExecute} starts each attempt; one that is not the first is a retry (a retry
 * policy's, or a fallback's run after one). Records nothing itself.
 */
public final class FailsafeInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      FailsafeInstrumentation.class.getPackageName() + ".";

  static final String EXECUTION = "dev/failsafe/SyncExecutionImpl";

  @Override
  public String name() {
    return "failsafe";
  }

  @Override
  public Signal signal() {
    return null;
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.equals(EXECUTION);
  }

  @Override
  public List<Target> targets() {
    return List.of(Target.types(named(EXECUTION.replace('/', '.')))
        .advice(named("executeSync").and(takesArguments(0)),
            RetryAdvice.Loop.class.getName(), "loop")
        .advice(named("preExecute").and(takesArguments(0)),
            ADVICE + "PreExecuteAdvice", "retrying"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    return Map.of("loop", Retries.loopHandler(), "retrying", Retries.retryingHandler());
  }
}
