package io.sliagent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import io.sliagent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
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
 * included, can be retransformed. Loaded only when the first class that may be changed appears.
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

  static AdviceTransformers build(Instrumentation inst,
      List<io.sliagent.instrumentation.Instrumentation> all) {
    ClassLoader agentLoader = AdviceTransformers.class.getClassLoader();
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
    for (io.sliagent.instrumentation.Instrumentation instrumentation : all) {
      for (Target target : instrumentation.targets()) {
        AgentBuilder.Transformer.ForAdvice transformer =
            new AgentBuilder.Transformer.ForAdvice().include(agentLoader);
        for (int i = 0; i < target.methods.size(); i++) {
          transformer = transformer.advice(target.methods.get(i), target.adviceClasses.get(i));
        }
        // Only where advice can reach the bridge: an isolating loader (JBoss Modules, OSGi
        // without boot delegation) would fail every call with NoClassDefFoundError.
        advice = advice.type(target.types, BridgeVisibility.MATCHER).transform(transformer);
        if (target.slot) {
          anySlot = true;
          slots = slots.type(target.types).transform(AdviceTransformers::addSlot);
        }
      }
    }
    return new AdviceTransformers(anySlot ? slots.makeRaw() : null, advice.makeRaw());
  }

  private static DynamicType.Builder<?> addSlot(DynamicType.Builder<?> builder,
      TypeDescription type, ClassLoader loader, JavaModule module,
      java.security.ProtectionDomain domain) {
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

  /** Transformation errors are the agent's problem, never the app's: said with sli.debug only. */
  private static final class Errors extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module,
        boolean loaded, Throwable throwable) {
      AgentLog.debug("could not instrument " + typeName, throwable);
    }
  }
}
