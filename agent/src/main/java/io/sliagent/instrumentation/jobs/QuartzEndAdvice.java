package io.sliagent.instrumentation.jobs;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * Inlined into Quartz's {@code JobRunShell.notifyJobListenersComplete(context, exception)}, called
 * right after the job's {@code execute} returned or threw: hands over the job's class and what it
 * threw. Quartz wraps an exception other than its own {@code JobExecutionException} twice
 * (JobExecutionException, SchedulerException, the job's): the job's own is handed over.
 */
public final class QuartzEndAdvice {

  private QuartzEndAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object shell,
      @Advice.Argument(0) JobExecutionContext context,
      @Advice.Argument(1) JobExecutionException failure) {
    Throwable thrown = failure;
    if (failure != null && failure.getCause() instanceof SchedulerException
        && failure.getCause().getCause() != null) {
      thrown = failure.getCause().getCause();
    }
    Bridge.event(call, shell, context.getJobDetail().getJobClass(), thrown);
  }
}
