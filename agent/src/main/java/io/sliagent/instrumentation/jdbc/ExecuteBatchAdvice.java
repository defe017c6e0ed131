package io.sliagent.instrumentation.jdbc;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code executeBatch()}/{@code executeLargeBatch()}: one event per batch. */
public final class ExecuteBatchAdvice {

  private ExecuteBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call,
      @Advice.This Object statement, @Advice.Thrown Throwable thrown,
      @Advice.Enter long start) {
    Bridge.exit(call, statement, null, null, thrown, start);
  }
}
