package io.sliagent.instrumentation.jdbc;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.instrumentation.Kinds;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Connection.prepareStatement/prepareCall(String sql, ...)}. */
public final class PrepareAdvice {

  private PrepareAdvice() {}

  // Runs when the call throws too (the returned statement is then null and the handler ignores
  // it), like every exit advice of the agent.
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object connection, @Advice.Argument(0) String sql,
      @Advice.Return Object statement) {
    Bridge.event(Kinds.JDBC_PREPARE, connection, sql, statement);
  }
}
