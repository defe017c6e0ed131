package io.sliagent.instrumentation.jobs;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.springframework.scheduling.support.ScheduledMethodRunnable;

/**
 * Inlined into Spring's {@code ScheduledMethodRunnable.run()}, which runs every {@code @Scheduled}
 * method: one run of the method it holds, handed over as the {@code java.lang.reflect.Method}.
 */
public final class ScheduledAdvice {

  private ScheduledAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This ScheduledMethodRunnable runnable,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    Bridge.exit(call, null, runnable.getMethod(), null, thrown, start);
  }
}
