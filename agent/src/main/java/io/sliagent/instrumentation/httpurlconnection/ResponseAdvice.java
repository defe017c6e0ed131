package io.sliagent.instrumentation.httpurlconnection;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code getInputStream()}. The status is read from the {@code responseCode} field
 * rather than {@code getResponseCode()}, which could reconnect after a failure.
 */
public final class ResponseAdvice {

  private ResponseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object connection,
      @Advice.FieldValue("responseCode") int status, @Advice.Thrown Throwable thrown,
      @Advice.Enter long start) {
    Bridge.exit(call, connection, Integer.valueOf(status), null, thrown,
        start);
  }
}
