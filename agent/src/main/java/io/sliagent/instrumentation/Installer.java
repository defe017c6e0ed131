package io.sliagent.instrumentation;

import io.sliagent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the instrumentations. ByteBuddy is not loaded here: two small transformers test each
 * class's name with {@link io.sliagent.instrumentation.Instrumentation#mayChange}, and only the
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
  private final List<io.sliagent.instrumentation.Instrumentation> all;
  private final Object lock = new Object();
  /** Set while this thread builds the transformers: what that loads is never a candidate. */
  private final ThreadLocal<Boolean> building = new ThreadLocal<>();
  private volatile AdviceTransformers built;
  private volatile boolean failed;

  private Installer(Instrumentation inst, List<io.sliagent.instrumentation.Instrumentation> all) {
    this.inst = inst;
    this.all = List.copyOf(all);
  }

  public static void install(Instrumentation inst,
      List<io.sliagent.instrumentation.Instrumentation> all) {
    if (all.isEmpty()) {
      return;
    }
    Installer installer = new Installer(inst, all);
    inst.addTransformer(installer.new Pass(false), false);
    inst.addTransformer(installer.new Pass(true), true);
    installer.retransformLoaded();
  }

  /** Classes loaded before the transformers (at attach, rarely at start-up) get advice now. */
  private void retransformLoaded() {
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (!c.isArray() && !c.isPrimitive() && mayChange(c.getName().replace('.', '/'))
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

  private boolean mayChange(String internalName) {
    if (internalName.startsWith("io/sliagent/")) {
      return false;
    }
    for (io.sliagent.instrumentation.Instrumentation i : all) {
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
        if (name == null || !mayChange(name)) {
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
