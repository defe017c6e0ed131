package io.sliagent.instrumentation.jdbc;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.instrumentation.Kinds;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Connection.prepareStatement/prepareCall(String sql, ...)}. */
public final class PrepareAdvice {

  private PrepareAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object connection, @Advice.Argument(0) String sql,
      @Advice.Return Object statement) {
    Bridge.event(Kinds.JDBC_PREPARE, connection, sql, statement);
  }
}
