package io.sliagent.instrumentation.jdbc;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Connection.prepareStatement/prepareCall(String sql, ...)}. */
public final class PrepareAdvice {

  private PrepareAdvice() {}

  // Runs when the call throws too (the returned statement is then null and the handler ignores
  // it), like every exit advice of the agent.
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call,
      @Advice.This Object connection, @Advice.Argument(0) String sql,
      @Advice.Return Object statement) {
    Bridge.event(call, connection, sql, statement);
  }
}
