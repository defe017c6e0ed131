package io.sliagent.instrumentation;

import static io.sliagent.api.Matchers.named;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sliagent.api.Call;
import io.sliagent.api.CallHandler;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import io.sliagent.bootstrap.Bridge;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the weaver keeps per class loader (types read, advice resolved) must not keep the loader
 * alive: an application server that discards a web application's loader gets it back.
 */
class WeaverLeakTest {

  /** The class the test instrumentation changes, loaded again by a throw-away loader. */
  public static final class Service {
    public String call(String argument) {
      return argument;
    }
  }

  /**
   * Advice the agent's weaver does not take (a local of its own): the class goes to ByteBuddy,
   * whose type pool and advice are kept per loader too.
   */
  public static final class LocalAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Call int call, @Advice.Return Object result) {
      Object kept = result;
      Bridge.event(call, null, kept, null);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aDiscardedClassLoaderIsNotKeptByWhatTheWeaverCaches(boolean own) throws Exception {
    Installer installer = Installer.of(List.of(new ServiceInstrumentation(
        own ? WarmUp.Measure.class.getName() : LocalAdvice.class.getName())));
    installer.prepare(signal -> null);
    AdviceTransformers transformers = AdviceTransformers.build(null, installer.installed());

    String name = Service.class.getName();
    byte[] bytes;
    try (InputStream in = Service.class.getClassLoader()
        .getResourceAsStream(name.replace('.', '/') + ".class")) {
      bytes = in.readAllBytes();
    }
    URL classes = Service.class.getProtectionDomain().getCodeSource().getLocation();
    // Its parent sees the bridge, as an application's loader does.
    URLClassLoader loader =
        new URLClassLoader(new URL[] {classes}, WeaverLeakTest.class.getClassLoader());
    byte[] woven = transformers.advice.transform(null, loader, name.replace('.', '/'), null,
        null, bytes);
    assertNotNull(woven, "the advice was applied");

    WeakReference<ClassLoader> ref = new WeakReference<>(loader);
    loader.close();
    loader = null;
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertNull(ref.get(), "the weaver's caches keep a discarded class loader alive");
  }

  /** Measures {@link Service#call} with the advice given. */
  public static final class ServiceInstrumentation implements io.sliagent.api.Instrumentation {
    private final String advice;

    ServiceInstrumentation(String advice) {
      this.advice = advice;
    }

    @Override
    public String name() {
      return "service";
    }

    @Override
    public Signal signal() {
      return Signal.HTTP_CLIENT;
    }

    @Override
    public boolean mayChange(String internalName) {
      return internalName.endsWith("WeaverLeakTest$Service");
    }

    @Override
    public List<Target> targets() {
      return List.of(Target.types(named(Service.class.getName()))
          .advice(named("call"), advice, "call"));
    }

    @Override
    public Map<String, CallHandler> handlers(Recorder recorder) {
      return Map.of("call", (t, a, r, th, s, e) -> { });
    }
  }
}
