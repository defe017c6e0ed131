package io.sliagent.instrumentation;

import io.sliagent.api.Call;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * A class woven by ByteBuddy's {@code Advice}: one with advice that is not of the agent's weaver's
 * shape (an extension's with a local of its own, say), or that the weaver declines. One per class
 * loader, made the first time one of its classes needs it; nothing of ByteBuddy's type pool and
 * advice is loaded before. The matching stays the agent's ({@link ClassInfo}); ByteBuddy describes
 * the class only to weave it.
 */
final class ByteBuddyWeaver {

  /** The loader's types as ByteBuddy read them; past {@link Hierarchy#MAX_TYPES}, anew. */
  private final ConcurrentHashMap<String, TypePool.Resolution> read = new ConcurrentHashMap<>();
  /** Each advice class, read for this loader once. */
  private final Map<String, Advice> advice = new ConcurrentHashMap<>();

  /** {@code bytes} of the class {@code info} with {@code woven} applied by ByteBuddy. */
  byte[] weave(ClassInfo info, String name, byte[] bytes, ClassLoader loader,
      List<AdviceTransformers.Woven> woven) {
    if (read.size() > Hierarchy.MAX_TYPES) {
      read.clear();
    }
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.Simple.of(name, bytes),
        ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
    TypePool pool = new TypePool.Default.WithLazyResolution(
        new TypePool.CacheProvider.Simple(read), locator, TypePool.Default.ReaderMode.FAST);
    read.remove(name); // as it loads now, not as it was read before (a retransformation)
    TypeDescription type = pool.describe(name).resolve();
    AsmVisitorWrapper.ForDeclaredMethods methods = new AsmVisitorWrapper.ForDeclaredMethods();
    // Held weakly: the per-loader cache this goes into must not keep its loader alive.
    WeakReference<ClassLoader> weakLoader = new WeakReference<>(loader);
    for (AdviceTransformers.Woven w : woven) {
      ElementMatcher<MethodDescription> on = m -> {
        ClassInfo.Method method = info.method(m.getInternalName(), m.getDescriptor());
        return method != null && w.methods.matches(method);
      };
      AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper wrapper;
      if (w.isAdvice()) {
        wrapper = advice.computeIfAbsent(w.advice.adviceClass(),
            c -> advice(w, weakLoader.get()));
      } else {
        MethodWrapper own = w.own;
        wrapper = (t, m, to, context, p, writerFlags, readerFlags) ->
            own.wrap(info, info.method(m.getInternalName(), m.getDescriptor()), to);
      }
      methods = methods.invokable(on, wrapper);
    }
    return weave(type, pool, bytes, methods);
  }

  /**
   * The advice, read where it lives (an extension's loader relocates it) and where the
   * library's types it names live (the target's loader); its @Call parameters become this
   * call's number, a constant in the code.
   */
  private static Advice advice(AdviceTransformers.Woven w, ClassLoader loader) {
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.ForClassLoader.of(w.owner.loader()),
        ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
    return Advice.withCustomMapping().bind(Call.class, w.owner.call(w.advice.call()))
        .to(TypePool.Default.of(locator).describe(w.advice.adviceClass()).resolve(), locator);
  }

  /**
   * {@code bytes} with {@code methods}' advice woven in, the class's shape unchanged: ASM reads
   * and writes it and the advice visits the methods it declares. This is what ByteBuddy's {@code
   * decorate(type).visit(methods).make()} does, without its type builder: its type writer, method
   * graph and registries do nothing advice needs.
   */
  private static byte[] weave(TypeDescription type, TypePool pool, byte[] bytes,
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
}
