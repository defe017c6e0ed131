package io.sliagent.instrumentation;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Installs the instrumentations. ByteBuddy is not loaded here: two small transformers test each
 * class's name with {@link io.sliagent.api.Instrumentation#mayChange}, and only the
 * first class that passes builds the {@link AdviceTransformers} they hand over to. A JVM that
 * never loads an HTTP client or a JDBC driver never pays for bytecode machinery (about a thousand
 * classes and a third of a second on two cores).
 *
 * <p>Two transformers, as ByteBuddy would install them: slots in one that is not
 * retransformation-capable, so a later retransformation (by anyone) starts from bytes that already
 * have the field and never tries to remove it; advice in one that is, so it is applied again when
 * someone retransforms the class.
 */
public final class Installer {

  private final Instrumentation inst;
  private final List<Installed> all;
  private final Object lock = new Object();
  /** Set while this thread builds the transformers: what that loads is never a candidate. */
  private final ThreadLocal<Boolean> building = new ThreadLocal<>();
  private volatile AdviceTransformers built;
  private volatile boolean failed;

  private Installer(Instrumentation inst, List<Installed> all) {
    this.inst = inst;
    this.all = List.copyOf(all);
  }

  /** What {@link #prepare} made: the dispatcher for the bridge and what to install. */
  public static final class Prepared {
    private final Dispatcher dispatcher;
    private final List<Installed> installed;

    Prepared(Dispatcher dispatcher, List<Installed> installed) {
      this.dispatcher = dispatcher;
      this.installed = installed;
    }

    public Dispatcher dispatcher() {
      return dispatcher;
    }

    /**
     * The number of the call {@code call} of the instrumentation named {@code instrumentation}
     * (what its advice's {@code @Call} parameters receive), for benchmarks and tests that call
     * the bridge as advice does.
     *
     * @throws IllegalArgumentException when there is no such call
     */
    public int call(String instrumentation, String call) {
      for (Installed i : installed) {
        if (i.name().equals(instrumentation) && i.call(call) != null) {
          return i.call(call);
        }
      }
      throw new IllegalArgumentException("no call " + call + " of " + instrumentation);
    }

    /** The names of the instrumentations that will be installed, in order. */
    public List<String> names() {
      List<String> names = new ArrayList<>();
      for (Installed i : installed) {
        names.add(i.name());
      }
      return names;
    }
  }

  /**
   * Numbers the calls of every instrumentation and builds its handlers on the recorder of its
   * signal. An instrumentation whose handlers cannot be built is reported and left out. ByteBuddy
   * is not touched.
   */
  public static Prepared prepare(List<io.sliagent.api.Instrumentation> instrumentations,
      Function<Signal, Recorder> recorders) {
    Dispatcher dispatcher = new Dispatcher();
    List<Installed> installed = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    for (io.sliagent.api.Instrumentation i : instrumentations) {
      String name = i.name();
      Map<String, CallHandler> handlers;
      Signal signal;
      try {
        signal = i.signal();
        // Sorted, so calls are numbered the same way in every run: easier to debug.
        handlers = new TreeMap<>(i.handlers(recorders.apply(signal)));
      } catch (Throwable t) {
        AgentLog.error("instrumentation " + name + " could not be set up and is left out", t);
        continue;
      }
      if (!groups.contains(signal.name())) {
        groups.add(signal.name());
      }
      int group = groups.indexOf(signal.name());
      Map<String, Integer> calls = new HashMap<>();
      Installed each = new Installed(i, name, calls, dispatcher);
      for (Map.Entry<String, CallHandler> h : handlers.entrySet()) {
        calls.put(h.getKey(), dispatcher.add(h.getValue(), each, group));
      }
      installed.add(each);
    }
    return new Prepared(dispatcher.seal(), installed);
  }

  /** Starts changing classes as they load, and those already loaded that may change. */
  public static void install(Instrumentation inst, Prepared prepared) {
    if (prepared.installed.isEmpty()) {
      return;
    }
    Installer installer = new Installer(inst, prepared.installed);
    inst.addTransformer(installer.new Pass(false), false);
    inst.addTransformer(installer.new Pass(true), true);
    installer.retransformLoaded();
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
   * those of the loaders it made (an extension's).
   */
  private boolean mayChange(ClassLoader loader, String internalName) {
    if (internalName.startsWith("io/sliagent/")
        || loader != null && loader.getClass().getName().startsWith("io.sliagent.")) {
      return false;
    }
    for (Installed i : all) {
      if (i.mayChange(internalName)) {
        return true;
      }
    }
    return false;
  }

  /** The ByteBuddy transformers, built by the first caller; null while building or if failed. */
  private AdviceTransformers transformers() {
    AdviceTransformers t = built;
    if (t != null || failed || building.get() != null) {
      return t;
    }
    synchronized (lock) {
      if (built == null && !failed) {
        building.set(Boolean.TRUE);
        try {
          built = AdviceTransformers.build(inst, all);
        } catch (Throwable e) {
          failed = true;
          AgentLog.error("instrumentation could not be prepared; calls are not measured", e);
        } finally {
          building.remove();
        }
      }
      return built;
    }
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
        AdviceTransformers t = transformers();
        if (t == null) {
          return null;
        }
        ClassFileTransformer delegate = advice ? t.advice : t.slots;
        return delegate == null
            ? null
            : delegate.transform(module, loader, name, redefined, domain, bytes);
      } catch (Throwable e) {
        AgentLog.errorOnce("transform", "could not instrument " + name
            + "; the class is left unchanged", e);
        return null;
      }
    }
  }
}
