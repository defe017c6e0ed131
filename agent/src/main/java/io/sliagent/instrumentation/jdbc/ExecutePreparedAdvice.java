package io.sliagent.instrumentation.jdbc;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.instrumentation.Kinds;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code PreparedStatement.execute*()}: the SQL is in the statement's slot. */
public final class ExecutePreparedAdvice {

  private ExecutePreparedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return Bridge.enter(Kinds.JDBC_EXECUTE);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object statement, @Advice.Thrown Throwable thrown,
      @Advice.Enter long start) {
    Bridge.exit(Kinds.JDBC_EXECUTE, statement, null, null, thrown, start);
  }
}
