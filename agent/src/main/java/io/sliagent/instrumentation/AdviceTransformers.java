package io.sliagent.instrumentation;

import io.sliagent.api.Matcher;
import io.sliagent.api.Matchers;
import io.sliagent.api.MethodInfo;
import io.sliagent.api.Target;
import io.sliagent.api.TypeInfo;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import io.sliagent.log.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
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
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The transformers the {@link Installer} hands classes to: one adds a {@link Slot} field to the
 * classes that ask for one and the methods that calls with advice go through ({@link CallSites}),
 * only as they load (a loaded class cannot gain fields or methods); one applies advice everywhere,
 * without changing a class's shape, so loaded classes, JDK ones included, can be retransformed.
 * Built on the agent's start-up thread, never the application's.
 *
 * <p>A class is matched on what its class file says ({@link ClassInfo}, its supertypes read from
 * its loader as a matcher asks) and woven by the agent's own weaver ({@link InlineAdvice}, {@link
 * RunWrapper}) on ByteBuddy's ASM. Only a class with advice of another shape, or one the weaver
 * declines, goes to ByteBuddy's {@code Advice} and type pool, loaded then and not before: together
 * about 600 classes, which the application's first instrumented class used to wait for.
 */
final class AdviceTransformers {

  final ClassFileTransformer slots;
  final ClassFileTransformer advice;

  /** One target of one instrumentation, its matchers guarded. */
  private static final class Rule {
    final Installed owner;
    final Matcher<TypeInfo> types;
    final List<Target.AdviceOn> advice;
    /** {@link #advice}'s method matchers, guarded, in the same order. */
    final List<Matcher<MethodInfo>> adviceOn = new ArrayList<>();
    final List<Target.AdviceOn> runs;
    /** {@link #runs}' method matchers, guarded, in the same order. */
    final List<Matcher<MethodInfo>> runsOn = new ArrayList<>();
    final List<Target.CallSite> calls;
    final boolean slot;

    Rule(Installed owner, Target target) {
      this.owner = owner;
      this.types = guarded(owner, target.typeMatcher(), "its type matcher");
      this.advice = target.advice();
      this.runs = target.wrappedRuns();
      this.calls = target.adviceAtCalls();
      this.slot = target.slot();
      for (Target.AdviceOn a : advice) {
        adviceOn.add(guarded(owner, a.methods(), "its method matcher"));
      }
      for (Target.AdviceOn r : runs) {
        runsOn.add(guarded(owner, r.methods(), "its method matcher"));
      }
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
    ClassLoader agent = WarmUp.class.getClassLoader();
    InlineAdvice measure = InlineAdvice.parse(classFile(agent, WarmUp.Measure.class.getName()),
        -1);
    if (measure == null) {
      throw new IllegalStateException("the warm-up's advice must be woven by the agent");
    }
    byte[] bytes = classFile(agent, WarmUp.class.getName());
    ClassInfo type = ClassInfo.read(bytes, new Hierarchy(WarmUp.class.getClassLoader()));
    weave(type, bytes, List.of(new Woven(Matchers.named("call"), measure, null, null)));
  }

  /** The class file of the class {@code name} (a binary name) in {@code loader}. */
  static byte[] classFile(ClassLoader loader, String name) throws IOException {
    try (InputStream in = (loader == null ? ClassLoader.getSystemClassLoader() : loader)
        .getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new IOException("no class file for " + name);
      }
      return in.readAllBytes();
    }
  }

  /**
   * What one class gets: the methods a matcher selects, and what changes them: the agent's weaver
   * ({@code own}), or ByteBuddy's {@code Advice} for {@code advice} when {@code own} is null.
   */
  static final class Woven {
    final Matcher<? super MethodInfo> methods;
    final MethodWrapper own;
    /** The advice, or null for a wrapped run ({@link RunWrapper}). */
    final Target.AdviceOn advice;
    /** The instrumentation it is of. */
    final Installed owner;

    Woven(Matcher<? super MethodInfo> methods, MethodWrapper own, Target.AdviceOn advice,
        Installed owner) {
      this.methods = methods;
      this.own = own;
      this.advice = advice;
      this.owner = owner;
    }

    boolean isAdvice() {
      return advice != null;
    }
  }

  /**
   * {@code bytes} with {@code woven}'s changes, the class's shape unchanged, by the agent's own
   * weaver: ASM reads and writes it (keeping its constant pool, and copying the methods nothing
   * changes as they are), and each method gets what matches it, chained as ByteBuddy's {@code
   * AsmVisitorWrapper.ForDeclaredMethods} chains them: each later one wraps the earlier. Null when
   * no method matches: the class is left as it is.
   *
   * @throws InlineAdvice.Unfit when the weaver does not take a method: ByteBuddy's to weave
   */
  static byte[] weave(ClassInfo type, byte[] bytes, List<Woven> woven) {
    ClassReader reader = new ClassReader(bytes);
    ClassWriter writer = new ClassWriter(reader, 0);
    boolean[] matched = {false};
    // The agent's weaver keeps each of a method's frames whole, so it reads them expanded.
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor,
          String signature, String[] exceptions) {
        MethodVisitor to = super.visitMethod(access, name, descriptor, signature, exceptions);
        ClassInfo.Method method = type.method(name, descriptor);
        if (to == null || method == null) {
          return to;
        }
        for (Woven w : woven) {
          if (w.methods.matches(method)) {
            to = w.own.wrap(type, method, to);
            matched[0] = true;
          }
        }
        return to;
      }
    }, ClassReader.EXPAND_FRAMES);
    return matched[0] ? writer.toByteArray() : null;
  }

  /** What the two transformers do for one class. */
  private static final class Weaver {
    private final Instrumentation inst;
    private final List<Rule> rules;
    /**
     * Per class loader: its types as read so far (a class's supertypes are read once, not for
     * each subclass), and what ByteBuddy needs for the classes that go to it.
     */
    private final Map<ClassLoader, PerLoader> loaders =
        Collections.synchronizedMap(new WeakHashMap<>());
    private final PerLoader boot = new PerLoader(null);
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
      final Hierarchy hierarchy;
      /** ByteBuddy's, made the first time a class of this loader goes to it. */
      private ByteBuddyWeaver byteBuddy;

      PerLoader(ClassLoader loader) {
        this.hierarchy = new Hierarchy(loader);
      }

      synchronized ByteBuddyWeaver byteBuddy() {
        if (byteBuddy == null) {
          byteBuddy = new ByteBuddyWeaver();
        }
        return byteBuddy;
      }
    }

    private PerLoader of(ClassLoader loader) {
      return loader == null ? boot : loaders.computeIfAbsent(loader, PerLoader::new);
    }

    byte[] advice(Module module, ClassLoader loader, String internalName, Class<?> redefined,
        ProtectionDomain domain, byte[] bytes) {
      // Only where advice can reach the bridge: an isolating loader (JBoss Modules, OSGi
      // without boot delegation) would fail every call with NoClassDefFoundError.
      if (!BridgeVisibility.sees(loader)) {
        return null;
      }
      String name = internalName.replace('/', '.');
      PerLoader cache = of(loader);
      ClassInfo type = read(bytes, cache, name);
      if (type == null) {
        return null;
      }
      try {
        // Advice visits only the methods a class declares: no analysis of its hierarchy, which
        // fails on classes another agent (the OpenTelemetry agent) made implement types it
        // injected without class files.
        List<Woven> woven = plan(type, bytes);
        if (woven.isEmpty()) {
          return null;
        }
        readBridge(module);
        String declined = own(type, woven);
        if (declined == null) {
          try {
            return weave(type, bytes, woven);
          } catch (InlineAdvice.Unfit e) {
            declined = e.getMessage();
          }
        }
        AgentLog.debug("advice woven by ByteBuddy in " + name + ": " + declined, null);
        return cache.byteBuddy().weave(type, name, bytes, loader, woven);
      } catch (Throwable t) {
        AgentLog.debug("could not instrument " + name, t);
        return null;
      }
    }

    /** What the rules that match {@code type} do to its methods, in the rules' order. */
    private List<Woven> plan(ClassInfo type, byte[] bytes) {
      List<Woven> woven = new ArrayList<>();
      for (Rule rule : rules) {
        if (!rule.types.matches(type)) {
          continue;
        }
        try {
          List<Woven> mine = new ArrayList<>();
          for (int i = 0; i < rule.advice.size(); i++) {
            Target.AdviceOn a = rule.advice.get(i);
            mine.add(new Woven(rule.adviceOn.get(i), inline(rule, a), a, rule.owner));
          }
          for (Target.CallSite site : rule.calls) {
            // Only where the class gained the method, else there is nothing to weave: its name
            // in the bytes tells, without parsing the methods of every class the name test let
            // through.
            String helper = CallSites.helper(site);
            if (CallSites.mentions(bytes, helper)) {
              mine.add(new Woven(Matchers.named(helper).and(Matchers.isStatic()),
                  inline(rule, site.advice()), site.advice(), rule.owner));
            }
          }
          for (int i = 0; i < rule.runs.size(); i++) {
            mine.add(new Woven(rule.runsOn.get(i),
                RunWrapper.of(rule.owner.call(rule.runs.get(i).call())), null, rule.owner));
          }
          woven.addAll(mine);
        } catch (Throwable t) {
          rule.owner.fail("its advice (on " + type.name() + ")", t);
        }
      }
      return woven;
    }

    /**
     * Null when the agent's weaver takes all of {@code woven}, else why not: advice of another
     * shape, or two advice on one method (the weaver names in the frames it adds only what its
     * own code reads, which another advice's handler around the same code may need named).
     */
    private static String own(ClassInfo type, List<Woven> woven) {
      int advice = 0;
      for (Woven w : woven) {
        if (w.own == null) {
          return "advice " + w.advice.adviceClass() + " is not of the agent's weaver's shape";
        }
        if (w.isAdvice()) {
          advice++;
        }
      }
      if (advice > 1) {
        for (MethodInfo m : type.declaredMethods()) {
          int n = 0;
          for (Woven w : woven) {
            if (w.isAdvice() && w.methods.matches(m) && ++n > 1) {
              return "two advice on " + m;
            }
          }
        }
      }
      return null;
    }

    /** The advice {@code on} as the agent's weaver reads it, or null: not its shape. */
    private InlineAdvice inline(Rule rule, Target.AdviceOn on) {
      return parsed.computeIfAbsent(on.adviceClass(), c -> {
        try {
          return Optional.ofNullable(InlineAdvice.parse(classFile(rule.owner.loader(), c),
              rule.owner.call(on.call())));
        } catch (IOException | RuntimeException e) {
          AgentLog.debug("advice " + c + " left to ByteBuddy", e);
          return Optional.empty();
        }
      }).orElse(null);
    }

    byte[] slots(Module module, ClassLoader loader, String internalName, Class<?> redefined,
        ProtectionDomain domain, byte[] bytes) {
      if (redefined != null || !BridgeVisibility.sees(loader)) {
        // A loaded class cannot gain a field; a loader that cannot see Slot gets none: the
        // handler keeps those objects' state in a weak map.
        return null;
      }
      String name = internalName.replace('/', '.');
      ClassInfo type = read(bytes, of(loader), name);
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
     * The class being loaded, read from its bytes and kept for its subclasses; null for one the
     * agent leaves alone (synthetic, or unreadable).
     */
    private static ClassInfo read(byte[] bytes, PerLoader cache, String name) {
      try {
        ClassInfo type = ClassInfo.read(bytes, cache.hierarchy);
        cache.hierarchy.loaded(type);
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
  private static <T> Matcher<T> guarded(Installed owner, Matcher<? super T> matcher,
      String what) {
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
