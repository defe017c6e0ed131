package io.sliagent.instrumentation.jms;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code commit()}, {@code rollback()} and {@code recover()} of JMS {@code Session}
 * implementations (either namespace): the end of the received message's processing, failed
 * unless committed.
 */
public final class SessionAdvice {

  private SessionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.Origin("#m") String method) {
    Bridge.event(call, null, method, null);
  }
}
