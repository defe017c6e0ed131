package io.sliagent.instrumentation.springretry;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.springframework.retry.RetryContext;

/**
 * Inlined into {@code RetryTemplate.canRetry(policy, context)}: asked before every attempt, a yes
 * after a failure was registered means the next attempt is a retry.
 */
public final class CanRetryAdvice {

  private CanRetryAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Argument(1) RetryContext context,
      @Advice.Return boolean can) {
    if (can && context != null && context.getRetryCount() > 0) {
      Bridge.event(call, null, null, null);
    }
  }
}
