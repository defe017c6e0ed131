package io.sliagent.instrumentation;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * A class of the agent's own that advice is applied to once, on the start-up thread, the bytes
 * thrown away: otherwise the application's first instrumented class would load and run the
 * weaving code ({@link InlineAdvice}, ASM) for the first time while its thread waits.
 */
final class WarmUp {

  Object call(Object argument) {
    return argument;
  }

  /** Shaped like the agent's advice, so the same weaving code is exercised. */
  static final class Measure {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@Call int call) {
      return Bridge.enter(call);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Call int call, @Advice.This Object self, @Advice.Argument(0) Object argument,
        @Advice.Return Object result, @Advice.Thrown Throwable thrown,
        @Advice.Enter long start) {
      Bridge.exit(call, self, argument, result, thrown, start);
    }
  }
}
