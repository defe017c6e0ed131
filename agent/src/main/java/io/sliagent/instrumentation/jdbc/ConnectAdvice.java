package io.sliagent.instrumentation.jdbc;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Driver.connect(url, properties)}: the URL names the database. */
public final class ConnectAdvice {

  private ConnectAdvice() {}

  // Runs when the call throws too (the returned connection is then null and the handler ignores
  // it), like every exit advice of the agent.
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call,
      @Advice.Argument(0) String url, @Advice.Return Object connection) {
    Bridge.event(call, null, url, connection);
  }
}
