package io.sliagent.instrumentation.executor;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ForkJoinTask.doExec()}, where every pool thread (and a thread joining a
 * task) runs a task: measured when the task has not completed yet ({@code status} &gt;= 0, as
 * {@code doExec} itself tests), each run on its own, inside another task's or not. {@code doExec}
 * catches what the task throws; the handler reads the outcome from the task.
 */
public final class DoExecAdvice {

  private DoExecAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call, @Advice.This Object task,
      @Advice.FieldValue("status") int status) {
    return status >= 0 ? Bridge.begin(call, null, task) : Bridge.NOT_ENTERED;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object task,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    Bridge.end(call, null, task, thrown, start);
  }
}
