package io.sliagent.instrumentation.apachehttpclient5;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined after the constructors of {@code AsyncExecChain.Scope}, beside {@link ScopeAdvice}:
 * the scope's execution count (an {@code AtomicInteger} from 1, which the async retry handler
 * raises before each retry), read when the call ends.
 */
public final class ScopeCountAdvice {

  private ScopeCountAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Call int call,
      @Advice.FieldValue("cancellableDependency") Object future,
      @Advice.FieldValue("execCount") Object execCount) {
    if (future != null && execCount != null) {
      Bridge.event(call, future, execCount, null);
    }
  }
}
