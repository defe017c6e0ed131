package io.sliagent.instrumentation.jdbc;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Statement.execute*(String sql, ...)}. */
public final class ExecuteSqlAdvice {

  private ExecuteSqlAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call,
      @Advice.This Object statement, @Advice.Argument(0) String sql,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    Bridge.exit(call, statement, sql, null, thrown, start);
  }
}
