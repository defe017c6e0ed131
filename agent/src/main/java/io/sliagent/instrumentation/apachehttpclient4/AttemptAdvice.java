package io.sliagent.instrumentation.apachehttpclient4;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpResponse;

/** Inlined into {@code ProtocolExec.execute(...)}: one attempt of a call, and how it ended. */
public final class AttemptAdvice {

  private AttemptAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call) {
    Bridge.event(call, null, "starts", null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Return HttpResponse response) {
    Bridge.event(call, null, null,
        response == null ? null : Integer.valueOf(response.getStatusLine().getStatusCode()));
  }
}
