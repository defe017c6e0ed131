package io.sliagent.instrumentation.jdbc;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.instrumentation.Kinds;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Driver.connect(url, properties)}: the URL names the database. */
public final class ConnectAdvice {

  private ConnectAdvice() {}

  // Runs when the call throws too (the returned connection is then null and the handler ignores
  // it), like every exit advice of the agent.
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) String url, @Advice.Return Object connection) {
    Bridge.event(Kinds.JDBC_CONNECT, null, url, connection);
  }
}
