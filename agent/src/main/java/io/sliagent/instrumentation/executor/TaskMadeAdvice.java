package io.sliagent.instrumentation.executor;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the constructors of {@code ThreadPerTaskExecutor}'s {@code TaskRunner} and {@code
 * ThreadBoundFuture} (Java 21 and later): a task given to a thread-per-task executor (virtual
 * threads, {@code Executors.newVirtualThreadPerTaskExecutor()}) is wrapped there as it is
 * submitted, so its wait for its thread starts now.
 */
public final class TaskMadeAdvice {

  private TaskMadeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object task) {
    Bridge.event(call, task, null, null);
  }
}
