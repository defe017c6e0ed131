package io.sliagent.instrumentation.executor;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import java.util.concurrent.RejectedExecutionException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ForkJoinPool.execute}, {@code submit} and {@code invoke}: a submission
 * refused (the pool shut down, or full) leaves with {@code RejectedExecutionException}.
 */
public final class PoolRejectAdvice {

  private PoolRejectAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object pool,
      @Advice.Thrown Throwable thrown) {
    if (thrown instanceof RejectedExecutionException) {
      Bridge.event(call, pool, null, null);
    }
  }
}
