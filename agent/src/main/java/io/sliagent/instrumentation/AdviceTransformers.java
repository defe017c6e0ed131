package io.sliagent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.sliagent.api.Call;
import io.sliagent.api.Target;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import io.sliagent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.FieldPersistence;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * The ByteBuddy half of the {@link Installer}: a transformer that adds a {@link Slot} field to
 * the classes that ask for one, only as they load (a loaded class cannot gain fields), and one
 * that applies advice everywhere, without changing a class's shape so loaded classes, JDK ones
 * included, can be retransformed. Built on the agent's start-up thread, never the application's.
 */
final class AdviceTransformers {

  static final String SLOT_FIELD = "sli$slot";

  /** The agent itself (its shaded ByteBuddy included) and synthetic classes; not the JDK. */
  private static final ElementMatcher.Junction<TypeDescription> NEVER =
      nameStartsWith("io.sliagent.").or(nameStartsWith("net.bytebuddy.")).or(isSynthetic());

  final ClassFileTransformer slots;
  final ClassFileTransformer advice;

  private AdviceTransformers(ClassFileTransformer slots, ClassFileTransformer advice) {
    this.slots = slots;
    this.advice = advice;
  }

  static AdviceTransformers build(Instrumentation inst, List<Installed> all) {
    // Advice only visits the methods a class declares: no analysis of its hierarchy, which
    // fails on classes another agent (the OpenTelemetry agent) made implement types it injected
    // without class files.
    AgentBuilder advice = new AgentBuilder.Default(
            new ByteBuddy().with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
        .disableClassFormatChanges()
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(new Errors())
        .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
        // The JDK is not ignored: HttpClient and HttpURLConnection live there.
        .ignore(NEVER)
        .assureReadEdgeTo(inst, Bridge.class);
    // Implementing Slot needs the full method graph; where that fails (see above) the class
    // keeps no slot and its objects' state lives in a weak map instead.
    AgentBuilder slots = new AgentBuilder.Default()
        .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
        .with(new Errors())
        .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
        .ignore(NEVER)
        .assureReadEdgeTo(inst, Slot.class);
    boolean anySlot = false;
    for (Installed installed : all) {
      List<Target> targets;
      try {
        targets = installed.instrumentation().targets();
        AdviceRules.check(installed, targets);
      } catch (Throwable t) {
        installed.fail("its targets", t);
        continue;
      }
      for (Target target : targets) {
        ElementMatcher<TypeDescription> types =
            guarded(installed, target.typeMatcher(), "its type matcher");
        for (Target.AdviceOn on : target.advice()) {
          // The advice's @Call parameters become this call's number, a constant in the code.
          AgentBuilder.Transformer.ForAdvice transformer = new AgentBuilder.Transformer.ForAdvice(
                  Advice.withCustomMapping().bind(Call.class, installed.call(on.call())))
              .include(installed.loader())
              .advice(guarded(installed, on.methods(), "its method matcher"), on.adviceClass());
          // Only where advice can reach the bridge: an isolating loader (JBoss Modules, OSGi
          // without boot delegation) would fail every call with NoClassDefFoundError.
          advice = advice.type(types, BridgeVisibility.MATCHER)
              .transform(guarded(installed, transformer));
        }
        if (target.slot()) {
          anySlot = true;
          slots = slots.type(types).transform(AdviceTransformers::addSlot);
        }
      }
    }
    return new AdviceTransformers(anySlot ? slots.makeRaw() : null, advice.makeRaw());
  }

  /** Weaves {@link WarmUp} once and throws the bytes away (see there why). */
  static void warmUp() {
    new ByteBuddy().with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
        .decorate(WarmUp.class)
        .visit(Advice.withCustomMapping().bind(Call.class, -1).to(WarmUp.Measure.class)
            .on(named("call")))
        .make();
  }

  private static DynamicType.Builder<?> addSlot(DynamicType.Builder<?> builder,
      TypeDescription type, ClassLoader loader, JavaModule module,
      ProtectionDomain domain) {
    // A subclass of a matched class gets a field of its own too (ByteBuddy describes the
    // superclass from its original bytes): harmless, the interface methods use the subclass's.
    if (!BridgeVisibility.sees(loader)) {
      return builder; // the handler falls back to a weak map for this loader's objects
    }
    return builder.defineField(SLOT_FIELD, Object.class, Visibility.PRIVATE,
            FieldManifestation.VOLATILE, FieldPersistence.TRANSIENT)
        .implement(Slot.class)
        .intercept(FieldAccessor.ofField(SLOT_FIELD));
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

  /** Its advice: a failure while applying it switches the instrumentation off, not the class. */
  private static AgentBuilder.Transformer guarded(Installed owner,
      AgentBuilder.Transformer transformer) {
    return (builder, type, loader, module, domain) -> {
      if (owner.isOff()) {
        return builder;
      }
      try {
        return transformer.transform(builder, type, loader, module, domain);
      } catch (Throwable t) {
        owner.fail("its advice (on " + type.getName() + ")", t);
        return builder;
      }
    };
  }

  /** Transformation errors are the agent's problem, never the app's: said with sli.debug only. */
  private static final class Errors extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module,
        boolean loaded, Throwable throwable) {
      AgentLog.debug("could not instrument " + typeName, throwable);
    }
  }
}
