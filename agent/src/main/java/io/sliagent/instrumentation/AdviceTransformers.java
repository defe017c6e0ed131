package io.sliagent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.sliagent.api.Call;
import io.sliagent.api.Target;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import io.sliagent.log.AgentLog;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.ref.WeakReference;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The ByteBuddy half of the {@link Installer}: a transformer that adds a {@link Slot} field to
 * the classes that ask for one and the methods that calls with advice go through ({@link
 * CallSites}), only as they load (a loaded class cannot gain fields or methods), and one
 * that applies advice everywhere, without changing a class's shape so loaded classes, JDK ones
 * included, can be retransformed. Built on the agent's start-up thread, never the application's.
 *
 * <p>ByteBuddy's {@code Advice} and {@code TypePool} directly, not its {@code AgentBuilder}: the
 * agent already decides by name which classes to look at, and the builder's machinery (strategies,
 * listeners, injection, reflection dispatchers; about 300 classes) was a good part of what the
 * application's first instrumented class waited for.
 */
final class AdviceTransformers {

  final ClassFileTransformer slots;
  final ClassFileTransformer advice;

  /** One target of one instrumentation, its matchers guarded. */
  private static final class Rule {
    final Installed owner;
    final ElementMatcher<TypeDescription> types;
    final List<Target.AdviceOn> advice;
    final List<Target.AdviceOn> runs;
    final List<Target.CallSite> calls;
    final boolean slot;

    Rule(Installed owner, Target target) {
      this.owner = owner;
      this.types = guarded(owner, target.typeMatcher(), "its type matcher");
      this.advice = target.advice();
      this.runs = target.wrappedRuns();
      this.calls = target.adviceAtCalls();
      this.slot = target.slot();
    }
  }

  private AdviceTransformers(ClassFileTransformer slots, ClassFileTransformer advice) {
    this.slots = slots;
    this.advice = advice;
  }

  static AdviceTransformers build(Instrumentation inst, List<Installed> all) {
    List<Rule> rules = new ArrayList<>();
    boolean shapes = false; // any slot or call site: the transformer that adds members is needed
    for (Installed installed : all) {
      try {
        List<Target> targets = installed.instrumentation().targets();
        AdviceRules.check(installed, targets);
        for (Target target : targets) {
          rules.add(new Rule(installed, target));
          shapes |= target.slot() || !target.adviceAtCalls().isEmpty();
        }
      } catch (Throwable t) {
        installed.fail("its targets", t);
      }
    }
    Weaver weaver = new Weaver(inst, rules);
    ClassFileTransformer advice = new ClassFileTransformer() {
      @Override
      public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
          ProtectionDomain domain, byte[] bytes) {
        return weaver.advice(module, loader, name, redefined, domain, bytes);
      }
    };
    ClassFileTransformer slots = new ClassFileTransformer() {
      @Override
      public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
          ProtectionDomain domain, byte[] bytes) {
        return weaver.slots(module, loader, name, redefined, domain, bytes);
      }
    };
    return new AdviceTransformers(shapes ? slots : null, advice);
  }

  /** Weaves {@link WarmUp} once and throws the bytes away (see there why). */
  static void warmUp() throws IOException {
    ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(WarmUp.class.getClassLoader());
    TypePool pool = TypePool.Default.of(locator);
    InlineAdvice measure = InlineAdvice.parse(
        locator.locate(WarmUp.Measure.class.getName()).resolve(), -1, () -> {
          throw new IllegalStateException("the warm-up's advice must be woven by the agent");
        });
    if (measure == null) {
      throw new IllegalStateException("the warm-up's advice must be woven by the agent");
    }
    weave(pool.describe(WarmUp.class.getName()).resolve(), pool,
        locator.locate(WarmUp.class.getName()).resolve(),
        new AsmVisitorWrapper.ForDeclaredMethods().readerFlags(ClassReader.EXPAND_FRAMES)
            .invokable(named("call"), measure));
  }

  /**
   * {@code bytes} with {@code methods}' advice woven in, the class's shape unchanged: ASM reads
   * and writes it (keeping its constant pool), and the advice visits the methods it declares.
   * This is what ByteBuddy's {@code decorate(type).visit(methods).make()} does, without its type
   * builder: its type writer, method graph and registries (about 125 classes) were loaded while
   * the application's first instrumented class waited, and do nothing advice needs.
   */
  static byte[] weave(TypeDescription type, TypePool pool, byte[] bytes,
      AsmVisitorWrapper.ForDeclaredMethods methods) {
    int writerFlags = methods.mergeWriter(AsmVisitorWrapper.NO_FLAGS);
    int readerFlags = methods.mergeReader(AsmVisitorWrapper.NO_FLAGS);
    ClassReader reader = new ClassReader(bytes);
    ClassWriter writer = new ClassWriter(reader, writerFlags);
    ClassFileVersion version = ClassFileVersion.ofClassFile(bytes);
    // Advice adds no field, method or type: a context that refuses to is enough.
    Implementation.Context.ExtractableView context =
        Implementation.Context.Disabled.Factory.INSTANCE.make(type, NO_AUXILIARY_TYPES,
            TypeInitializer.None.INSTANCE, version, version,
            Implementation.Context.FrameGeneration.DISABLED);
    reader.accept(methods.wrap(type, writer, context, pool, type.getDeclaredFields(),
        type.getDeclaredMethods(), writerFlags, readerFlags), readerFlags);
    return writer.toByteArray();
  }

  private static final AuxiliaryType.NamingStrategy NO_AUXILIARY_TYPES =
      new AuxiliaryType.NamingStrategy.Suffixing("sli");

  /** What the two transformers do for one class. */
  private static final class Weaver {
    private final Instrumentation inst;
    private final List<Rule> rules;
    /**
     * Per class loader: the types read so far (a class's supertypes are read once, not for each
     * subclass) and the advice resolved for it (read once per loader, not per class).
     */
    private final Map<ClassLoader, PerLoader> loaders =
        Collections.synchronizedMap(new WeakHashMap<>());
    private final PerLoader boot = new PerLoader();
    /**
     * Each advice class as the agent's weaver read it (empty: not its shape), once for every
     * class loader: it is read from the instrumentation's loader, not the target's.
     */
    private final Map<String, Optional<InlineAdvice>> parsed = new ConcurrentHashMap<>();

    Weaver(Instrumentation inst, List<Rule> rules) {
      this.inst = inst;
      this.rules = rules;
    }

    private static final class PerLoader {
      /** Types read at most; past it the cache starts again, so memory stays bounded. */
      static final int MAX_TYPES = 4096;
      final ConcurrentHashMap<String, TypePool.Resolution> read = new ConcurrentHashMap<>();
      final TypePool.CacheProvider types = new TypePool.CacheProvider.Simple(read);
      final Map<String, Advice> advice = new ConcurrentHashMap<>();
      final Map<String, AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper> inline =
          new ConcurrentHashMap<>();
    }

    private PerLoader of(ClassLoader loader) {
      return loader == null ? boot : loaders.computeIfAbsent(loader, l -> new PerLoader());
    }

    private static TypePool pool(PerLoader cache, ClassFileLocator locator) {
      if (cache.read.size() > PerLoader.MAX_TYPES) {
        cache.read.clear();
      }
      return new TypePool.Default.WithLazyResolution(cache.types, locator,
          TypePool.Default.ReaderMode.FAST);
    }

    byte[] advice(Module module, ClassLoader loader, String internalName, Class<?> redefined,
        ProtectionDomain domain, byte[] bytes) {
      // Only where advice can reach the bridge: an isolating loader (JBoss Modules, OSGi
      // without boot delegation) would fail every call with NoClassDefFoundError.
      if (!BridgeVisibility.sees(loader)) {
        return null;
      }
      String name = internalName.replace('/', '.');
      ClassFileLocator locator = locator(name, bytes, loader);
      PerLoader cache = of(loader);
      TypePool pool = pool(cache, locator);
      TypeDescription type = describe(pool, name);
      if (type == null) {
        return null;
      }
      try {
        // Advice visits only the methods a class declares: no analysis of its hierarchy, which
        // fails on classes another agent (the OpenTelemetry agent) made implement types it
        // injected without class files.
        AsmVisitorWrapper.ForDeclaredMethods methods = methods(type, name, bytes, loader, true);
        if (methods == null) {
          return null;
        }
        readBridge(module);
        try {
          return weave(type, pool, bytes, methods);
        } catch (InlineAdvice.Unfit e) {
          AgentLog.debug("advice woven by ByteBuddy in " + name + ": " + e.getMessage(), null);
          return weave(type, pool, bytes, methods(type, name, bytes, loader, false));
        }
      } catch (Throwable t) {
        AgentLog.debug("could not instrument " + name, t);
        return null;
      }
    }

    /**
     * What weaves {@code type}'s methods; null when no rule has advice for it. {@code inline}:
     * the agent's own weaver where the advice has its shape ({@link InlineAdvice}), else
     * ByteBuddy's {@code Advice} for all.
     */
    private AsmVisitorWrapper.ForDeclaredMethods methods(TypeDescription type, String name,
        byte[] bytes, ClassLoader loader, boolean inline) {
      PerLoader cache = of(loader);
      AsmVisitorWrapper.ForDeclaredMethods methods = null;
      List<ElementMatcher<? super MethodDescription>> allAdvice = new ArrayList<>();
      for (Rule rule : rules) {
        if (!rule.types.matches(type)) {
          continue;
        }
        try {
          List<Target.AdviceOn> advice = new ArrayList<>(rule.advice);
          List<ElementMatcher<? super MethodDescription>> on = new ArrayList<>();
          for (Target.AdviceOn a : rule.advice) {
            on.add(guarded(rule.owner, a.methods(), "its method matcher"));
          }
          for (Target.CallSite site : rule.calls) {
            // Only where the class gained the method, else there is nothing to weave: its name
            // in the bytes tells, without parsing the methods of every class the name test let
            // through.
            String helper = CallSites.helper(site);
            if (CallSites.mentions(bytes, helper)) {
              advice.add(site.advice());
              on.add(named(helper).and(isStatic()));
            }
          }
          for (int i = 0; i < advice.size(); i++) {
            methods = (methods == null ? new AsmVisitorWrapper.ForDeclaredMethods() : methods)
                .invokable(on.get(i), wrapper(cache, rule, advice.get(i), loader, inline));
          }
          allAdvice.addAll(on);
          for (Target.AdviceOn run : rule.runs) {
            methods = (methods == null ? new AsmVisitorWrapper.ForDeclaredMethods() : methods)
                .invokable(guarded(rule.owner, run.methods(), "its method matcher"),
                    RunWrapper.of(rule.owner.call(run.call())));
          }
        } catch (Throwable t) {
          rule.owner.fail("its advice (on " + name + ")", t);
        }
      }
      if (inline && allAdvice.size() > 1 && twiceAdvised(type, allAdvice)) {
        return methods(type, name, bytes, loader, false);
      }
      // The agent's weaver keeps each of a method's frames whole, so it reads them expanded.
      return methods == null || !inline ? methods : methods.readerFlags(ClassReader.EXPAND_FRAMES);
    }

    /**
     * Whether two advice apply to one method of {@code type}. Then ByteBuddy weaves them all: the
     * agent's weaver names in the frames it adds only what its own code reads, which another
     * advice's handler around the same code may need named.
     */
    private static boolean twiceAdvised(TypeDescription type,
        List<ElementMatcher<? super MethodDescription>> advice) {
      for (MethodDescription m : type.getDeclaredMethods()) {
        int n = 0;
        for (ElementMatcher<? super MethodDescription> on : advice) {
          if (on.matches(m) && ++n > 1) {
            return true;
          }
        }
      }
      return false;
    }

    /**
     * The advice {@code on} for classes of {@code loader}: the agent's own weaver when {@code
     * inline} and the advice has its shape, ByteBuddy's {@code Advice} (loaded only then)
     * otherwise and for what the agent's declines.
     */
    private AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper wrapper(
        PerLoader cache, Rule rule, Target.AdviceOn on, ClassLoader loader, boolean inline) {
      // Held weakly: the per-loader cache this goes into must not keep its loader alive.
      WeakReference<ClassLoader> weakLoader = new WeakReference<>(loader);
      Supplier<AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper> byteBuddy =
          () -> cache.advice.computeIfAbsent(on.adviceClass(),
              c -> advice(rule, on, weakLoader.get()));
      if (!inline) {
        return byteBuddy.get();
      }
      Optional<InlineAdvice> own = parsed.computeIfAbsent(on.adviceClass(), c -> {
        try {
          return Optional.ofNullable(InlineAdvice.parse(
              ClassFileLocator.ForClassLoader.of(rule.owner.loader()).locate(c).resolve(),
              rule.owner.call(on.call()), () -> {
                throw new IllegalStateException("no fallback before a class loader's");
              }));
        } catch (IOException | RuntimeException e) {
          AgentLog.debug("advice " + c + " left to ByteBuddy", e);
          return Optional.empty();
        }
      });
      return cache.inline.computeIfAbsent(on.adviceClass(),
          c -> own.isPresent() ? own.get().withFallback(byteBuddy) : byteBuddy.get());
    }

    /**
     * The advice, read where it lives (an extension's loader relocates it) and where the
     * library's types it names live (the target's loader); its @Call parameters become this
     * call's number, a constant in the code.
     */
    private static Advice advice(Rule rule, Target.AdviceOn on, ClassLoader loader) {
      ClassFileLocator locator = new ClassFileLocator.Compound(
          ClassFileLocator.ForClassLoader.of(rule.owner.loader()),
          ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
      return Advice.withCustomMapping().bind(Call.class, rule.owner.call(on.call()))
          .to(TypePool.Default.of(locator).describe(on.adviceClass()).resolve(), locator);
    }

    byte[] slots(Module module, ClassLoader loader, String internalName, Class<?> redefined,
        ProtectionDomain domain, byte[] bytes) {
      if (redefined != null || !BridgeVisibility.sees(loader)) {
        // A loaded class cannot gain a field; a loader that cannot see Slot gets none: the
        // handler keeps those objects' state in a weak map.
        return null;
      }
      String name = internalName.replace('/', '.');
      ClassFileLocator locator = locator(name, bytes, loader);
      PerLoader cache = of(loader);
      TypePool pool = pool(cache, locator);
      TypeDescription type = describe(pool, name);
      if (type == null) {
        return null;
      }
      boolean slot = false;
      List<Target.CallSite> calls = new ArrayList<>();
      for (Rule rule : rules) {
        if ((rule.slot || !rule.calls.isEmpty()) && rule.types.matches(type)) {
          slot |= rule.slot;
          calls.addAll(rule.calls);
        }
      }
      if (!slot && calls.isEmpty()) {
        return null;
      }
      try {
        // A subclass of a matched class gets a field of its own too: harmless, the interface
        // methods use the subclass's.
        byte[] changed = slot ? SlotField.add(bytes) : null;
        byte[] wrapped = calls.isEmpty() ? null
            : CallSites.wrap(changed == null ? bytes : changed, calls);
        changed = wrapped == null ? changed : wrapped;
        if (wrapped != null) {
          // The advice pass must read the class as changed, with the methods to weave.
          cache.read.remove(name);
        }
        if (changed != null) {
          readBridge(module);
        }
        return changed;
      } catch (Throwable t) {
        AgentLog.debug("could not add a slot or call sites to " + name, t);
        return null;
      }
    }

    /**
     * The class being loaded from its bytes; the rest of its world from its loader, held weakly:
     * what is cached per loader refers to it, and must not keep a discarded loader (a web
     * application redeployed) alive.
     */
    private static ClassFileLocator locator(String name, byte[] bytes, ClassLoader loader) {
      return new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
          ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
    }

    /** The type, or null for one the agent leaves alone (synthetic, or unreadable). */
    private static TypeDescription describe(TypePool pool, String name) {
      try {
        TypeDescription type = pool.describe(name).resolve();
        return type.isSynthetic() ? null : type;
      } catch (Throwable t) {
        AgentLog.debug("could not read " + name, t);
        return null;
      }
    }

    private void readBridge(Module module) {
      AdviceTransformers.readBridge(inst, module);
    }
  }

  /** Advice in a named module (the JDK's java.net.http) must read the bridge's module. */
  static void readBridge(Instrumentation inst, Module module) {
    Module bridge = Bridge.class.getModule();
    if (module != null && module.isNamed() && !module.canRead(bridge)) {
      inst.redefineModule(module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
    }
  }

  /** One of an instrumentation's matchers: false once it is off; switched off if it throws. */
  private static <T> ElementMatcher<T> guarded(Installed owner,
      ElementMatcher<? super T> matcher, String what) {
    return target -> {
      if (owner.isOff()) {
        return false;
      }
      try {
        return matcher.matches(target);
      } catch (Throwable t) {
        owner.fail(what + " (on " + target + ")", t);
        return false;
      }
    };
  }
}
