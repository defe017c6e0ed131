package org.example.greeter.sli;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.example.greeter.GreeterClient;

/**
 * Inlined into {@code GreeterClient.greet(String)}, where the library's types link: it reads the
 * client's host and port there and hands the bridge JDK types only.
 */
public final class GreetAdvice {

  private GreetAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This GreeterClient client,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    // target and argument carry what identifies the call: the server's host and port.
    Bridge.exit(call, client.host(), Integer.valueOf(client.port()), null, thrown, start);
  }
}
