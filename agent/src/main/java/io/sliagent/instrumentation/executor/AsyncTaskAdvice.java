package io.sliagent.instrumentation.executor;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code run()} of {@code CompletableFuture}'s {@code AsyncSupply} and {@code
 * AsyncRun}, the tasks of {@code supplyAsync}/{@code runAsync}: they catch what the function
 * throws and complete their future with it, so the task's failure is read from that future. Its
 * {@code dep} field is cleared by the run; it is read before.
 */
public final class AsyncTaskAdvice {

  private AsyncTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static CompletableFuture<?> enter(
      @Advice.FieldValue("dep") CompletableFuture<?> dep) {
    return dep != null && !dep.isDone() ? dep : null;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object task,
      @Advice.Enter CompletableFuture<?> dep) {
    if (dep != null && dep.isCompletedExceptionally()) {
      Bridge.event(call, task, dep, null);
    }
  }
}
