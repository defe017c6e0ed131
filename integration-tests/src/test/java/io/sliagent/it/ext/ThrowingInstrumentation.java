package io.sliagent.it.ext;

import io.sliagent.api.Call;
import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Matchers;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import io.sliagent.bootstrap.Bridge;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * A broken extension (ExtensionTest packs it into a jar at test time): its type matcher throws
 * on the sample library's classes. Its advice keeps every rule, so the matcher is what fails.
 */
public final class ThrowingInstrumentation implements Instrumentation {

  @Override
  public String name() {
    return "throwing";
  }

  @Override
  public Signal signal() {
    return Signal.HTTP_CLIENT;
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.startsWith("org/example/greeter/");
  }

  @Override
  public List<Target> targets() {
    return List.of(Target.types(type -> {
      throw new RuntimeException("boom");
    }).advice(Matchers.any(), NoAdvice.class.getName(), "nothing"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    return Map.of("nothing", (target, argument, result, thrown, start, end) -> { });
  }

  /** Never applied. */
  public static final class NoAdvice {

    private NoAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Call int call) {
      Bridge.event(call, null, null, null);
    }
  }
}
