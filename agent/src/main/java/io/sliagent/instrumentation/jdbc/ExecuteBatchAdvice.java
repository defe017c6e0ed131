package io.sliagent.instrumentation.jdbc;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.instrumentation.Kinds;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code executeBatch()}/{@code executeLargeBatch()}: one event per batch. */
public final class ExecuteBatchAdvice {

  private ExecuteBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return Bridge.enter(Kinds.JDBC_EXECUTE_BATCH);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object statement, @Advice.Thrown Throwable thrown,
      @Advice.Enter long start) {
    Bridge.exit(Kinds.JDBC_EXECUTE_BATCH, statement, null, null, thrown, start);
  }
}
