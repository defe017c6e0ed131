package io.sliagent.instrumentation.jdbc;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.instrumentation.Kinds;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Statement.execute*(String sql, ...)}. */
public final class ExecuteSqlAdvice {

  private ExecuteSqlAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return Bridge.enter(Kinds.JDBC_EXECUTE);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object statement, @Advice.Argument(0) String sql,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    Bridge.exit(Kinds.JDBC_EXECUTE, statement, sql, null, thrown, start);
  }
}
