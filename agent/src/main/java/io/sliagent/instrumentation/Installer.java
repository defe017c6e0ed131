package io.sliagent.instrumentation;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Installs the instrumentations, in three steps so that little happens on the application's main
 * thread: {@link #install} (at premain) adds two transformers that test each class's name with
 * {@link io.sliagent.api.Instrumentation#mayChange}, no ByteBuddy involved; {@link #prepare}
 * numbers the calls and builds the handlers; {@link #build} makes the transformers that match
 * and weave ({@link AdviceTransformers}).
 * The last two run on the agent's start-up thread. A class that passes a name test before the
 * transformers are built waits for them (its thread would otherwise build them itself), so no
 * call is missed while the agent starts.
 *
 * <p>Two transformers, as ByteBuddy would install them: slots in one that is not
 * retransformation-capable, so a later retransformation (by anyone) starts from bytes that already
 * have the field and never tries to remove it; advice in one that is, so it is applied again when
 * someone retransforms the class.
 */
public final class Installer {

  /**
   * How long a loading class waits for the transformers; past it, the class is left unchanged
   * rather than stall the application (the agent's start-up thread is then stuck or starved).
   */
  static final long MAX_WAIT_MILLIS = 30_000;

  private final Dispatcher dispatcher = new Dispatcher();
  private final List<Installed> all = new ArrayList<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private Instrumentation inst;
  private volatile AdviceTransformers built;
  private List<String> waitFor = List.of();

  /** The class loaders of extension jars: their classes are the agent's, never changed. */
  private final List<ClassLoader> extensionLoaders = new ArrayList<>();

  private Installer(List<io.sliagent.api.Instrumentation> instrumentations) {
    ClassLoader agent = Installer.class.getClassLoader();
    for (io.sliagent.api.Instrumentation i : instrumentations) {
      all.add(new Installed(i, i.name(), new HashMap<>(), dispatcher));
      ClassLoader loader = i.getClass().getClassLoader();
      if (loader != agent && !extensionLoaders.contains(loader)) {
        extensionLoaders.add(loader);
      }
    }
  }

  /** The installer of these instrumentations; nothing is changed until {@link #install}. */
  public static Installer of(List<io.sliagent.api.Instrumentation> instrumentations) {
    return new Installer(instrumentations);
  }

  /** Starts testing the names of the classes that load. Cheap: no class file is read. */
  public void install(Instrumentation inst) {
    install(inst, List.of());
  }

  /**
   * As {@link #install}; classes whose binary names match {@code waitFor} ({@code *} a wildcard)
   * also wait for the transformers: classes the objectives file names, before it is parsed.
   */
  public void install(Instrumentation inst, List<String> waitFor) {
    this.inst = inst;
    this.waitFor = List.copyOf(waitFor);
    if (all.isEmpty()) {
      return;
    }
    inst.addTransformer(new Pass(false), false);
    inst.addTransformer(new Pass(true), true);
  }

  /**
   * Numbers the calls of every instrumentation and builds its handlers on the recorder of its
   * signal; returns the dispatcher for the bridge. An instrumentation whose handlers cannot be
   * built is switched off and named.
   */
  public Dispatcher prepare(Function<Signal, Recorder> recorders) {
    List<String> groups = new ArrayList<>();
    for (Installed each : all) {
      io.sliagent.api.Instrumentation i = each.instrumentation();
      Map<String, CallHandler> handlers;
      Signal signal;
      try {
        signal = i.signal();
        // Sorted, so calls are numbered the same way in every run: easier to debug.
        handlers = new TreeMap<>(i.handlers(signal == null ? null : recorders.apply(signal)));
      } catch (Throwable t) {
        each.fail("setting up its handlers", t);
        continue;
      }
      // Without a signal, its calls nest only with each other.
      String groupName = signal == null ? "" : signal.name();
      if (!groups.contains(groupName)) {
        groups.add(groupName);
      }
      int group = groups.indexOf(groupName);
      for (Map.Entry<String, CallHandler> h : handlers.entrySet()) {
        each.addCall(h.getKey(), dispatcher.add(h.getValue(), each, group));
      }
    }
    return dispatcher.seal();
  }

  /**
   * Builds the transformers (after {@link #prepare}), lets waiting classes through, and
   * gives advice to the classes that loaded before the transformers were added. Each
   * instrumentation first gets the selectors of the objectives over its signal.
   */
  public void build(Function<Signal, List<Map<String, String>>> objectives) {
    for (Installed each : active()) {
      try {
        Signal signal = each.instrumentation().signal();
        if (signal != null) {
          each.instrumentation().objectives(objectives.apply(signal));
        }
      } catch (Throwable t) {
        each.fail("reading the objectives", t);
      }
    }
    try {
      built = AdviceTransformers.build(inst, active());
      AdviceTransformers.warmUp();
    } catch (Throwable e) {
      AgentLog.error("instrumentation could not be prepared; calls are not measured", e);
    } finally {
      ready.countDown();
    }
    if (built != null) {
      retransformLoaded();
    }
  }

  /** Whether {@link #build} made the transformers: calls may be measured from then on. */
  public boolean isBuilt() {
    return built != null;
  }

  /** The start-up failed: classes stop waiting, and none is changed. */
  public void abandon() {
    ready.countDown();
  }

  /** The names of the instrumentations still on, in order. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (Installed i : active()) {
      names.add(i.name());
    }
    return names;
  }

  /**
   * The number of the call {@code call} of the instrumentation named {@code instrumentation}
   * (what its advice's {@code @Call} parameters receive), for benchmarks and tests that call the
   * bridge as advice does.
   *
   * @throws IllegalArgumentException when there is no such call
   */
  public int call(String instrumentation, String call) {
    for (Installed i : all) {
      if (i.name().equals(instrumentation) && i.call(call) != null) {
        return i.call(call);
      }
    }
    throw new IllegalArgumentException("no call " + call + " of " + instrumentation);
  }

  /** Every instrumentation, on or off. */
  List<Installed> installed() {
    return all;
  }

  private List<Installed> active() {
    List<Installed> on = new ArrayList<>();
    for (Installed i : all) {
      if (!i.isOff()) {
        on.add(i);
      }
    }
    return on;
  }

  /** Classes loaded before the transformers (at attach, rarely at start-up) get advice now. */
  private void retransformLoaded() {
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (!c.isArray() && !c.isPrimitive()
          && mayChange(c.getClassLoader(), c.getName().replace('.', '/'))
          && inst.isModifiableClass(c)) {
        loaded.add(c);
      }
    }
    for (Class<?> c : loaded) {
      try {
        inst.retransformClasses(c);
      } catch (Throwable e) {
        AgentLog.debug("could not retransform " + c.getName() + ": " + e);
      }
    }
  }

  /**
   * Whether any instrumentation may change the class; never the agent's: its own classes, and
   * those of the extension jars.
   */
  private boolean mayChange(ClassLoader loader, String internalName) {
    if (isAgents(internalName) || isExtensionLoader(loader) || isOtherAgentsLoader(loader)) {
      return false;
    }
    for (Installed i : all) {
      if (i.mayChange(internalName)) {
        return true;
      }
    }
    for (String pattern : waitFor) {
      if (io.sliagent.api.Matchers.globMatches(pattern, internalName)) {
        return true;
      }
    }
    return false;
  }

  /** The agent's own classes; the applications its tests run (io.sliagent.it) are not. */
  private static boolean isAgents(String internalName) {
    return internalName.startsWith("io/sliagent/") && !internalName.startsWith("io/sliagent/it/");
  }

  /**
   * A class loader another Java agent keeps its own classes in: the OpenTelemetry Java agent's
   * holds an un-relocated OkHttp that sends its telemetry, which is no call of the application's
   * (and, measured, would make an application's count depend on when that agent exported).
   */
  static boolean isOtherAgentsLoader(ClassLoader loader) {
    if (loader == null) {
      return false;
    }
    String name = loader.getClass().getName();
    for (String prefix : OTHER_AGENTS) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The packages of other agents' class loaders: OpenTelemetry, Datadog, Elastic APM. Joined at
   * run time: the jar's shading would rewrite a literal {@code io.opentelemetry} into our own
   * relocated name.
   */
  private static final String[] OTHER_AGENTS = {String.join(".", "io", "opentelemetry",
      "javaagent", ""), "datadog.trace.", "co.elastic.apm.agent."};

  private boolean isExtensionLoader(ClassLoader loader) {
    for (ClassLoader l : extensionLoaders) { // a handful at most
      if (l == loader) {
        return true;
      }
    }
    return false;
  }

  /**
   * The transformers, once ready. The agent's own threads never wait: one of them is
   * making them, and nothing they load is the application's.
   */
  private AdviceTransformers transformers() throws InterruptedException {
    if (Bridge.isAgentThread()) {
      return built;
    }
    AdviceTransformers t = built;
    if (t == null && ready.getCount() > 0
        && !ready.await(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
      AgentLog.warnOnce("transform.wait", "the agent was still starting after "
          + MAX_WAIT_MILLIS + " ms; classes loaded meanwhile are not instrumented");
    }
    return built;
  }

  /**
   * The JDK's fork-join classes never wait for the transformers: the JDK's own code reaches them
   * on the agent's start-up thread ({@code BigDecimal}'s first use reaches {@code ForkJoinTask},
   * a lock's wait {@code ForkJoinPool}), and an application thread loading one holds it while it
   * waits, so the agent would wait for it in turn. Their advice is applied per task, so a later
   * retransformation loses nothing but the tasks run meanwhile. (A {@code ThreadPoolExecutor}
   * must wait: its workers' loop would keep the code it started with.)
   */
  static final String JDK_CONCURRENCY = "java/util/concurrent/ForkJoin";

  /**
   * A JDK fork-join class loading before the transformers are ready: its slot now, by name
   * (plain ASM, nothing to wait for; harmless on a class that turns out not to need one), its
   * advice when the transformers are ready, by retransformation.
   */
  private byte[] early(Module module, String name, Class<?> redefined, byte[] bytes) {
    if (redefined != null) {
      return null;
    }
    byte[] changed = SlotField.add(bytes);
    if (changed != null) {
      AdviceTransformers.readBridge(inst, module);
    }
    return changed;
  }

  /** One of the two transformers the JVM calls: slots or advice. */
  private final class Pass implements ClassFileTransformer {
    private final boolean advice;

    Pass(boolean advice) {
      this.advice = advice;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name,
        Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
      try {
        if (name == null || !mayChange(loader, name)) {
          return null;
        }
        if (loader == null && name.startsWith(JDK_CONCURRENCY) && built == null) {
          return advice ? null : early(module, name, redefined, bytes);
        }
        AdviceTransformers t = transformers();
        if (t == null) {
          return null;
        }
        ClassFileTransformer delegate = advice ? t.advice : t.slots;
        return delegate == null
            ? null
            : delegate.transform(module, loader, name, redefined, domain, bytes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (Throwable e) {
        AgentLog.errorOnce("transform", "could not instrument " + name
            + "; the class is left unchanged", e);
        return null;
      }
    }
  }
}
