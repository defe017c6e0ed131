package io.sliagent.instrumentation;

import static io.sliagent.api.Matchers.declaresField;
import static io.sliagent.api.Matchers.declaresMethod;
import static io.sliagent.api.Matchers.isAbstract;
import static io.sliagent.api.Matchers.isConstructor;
import static io.sliagent.api.Matchers.isInterface;
import static io.sliagent.api.Matchers.isPublic;
import static io.sliagent.api.Matchers.isStatic;
import static io.sliagent.api.Matchers.isSubTypeOf;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.nameStartsWith;
import static io.sliagent.api.Matchers.namedOneOf;
import static io.sliagent.api.Matchers.not;
import static io.sliagent.api.Matchers.returns;
import static io.sliagent.api.Matchers.takesArgument;
import static io.sliagent.api.Matchers.takesArguments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.api.Matcher;
import io.sliagent.api.MethodInfo;
import io.sliagent.api.TypeInfo;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * What the instrumentations' matchers see of a class: its class file as read by the agent, and
 * its supertypes read from its loader. The answers must be those of the JVM's own reflection, and
 * a supertype without a class file must not stop the rest of the hierarchy from being read.
 */
class ClassInfoTest {

  private final Hierarchy hierarchy = new Hierarchy(ClassInfoTest.class.getClassLoader());

  /** The class as it loads: read whole, its supertypes from {@link #hierarchy}. */
  private ClassInfo loading(Class<?> c) throws java.io.IOException {
    return ClassInfo.read(AdviceTransformers.classFile(c.getClassLoader(), c.getName()),
        hierarchy);
  }

  @Test
  void aTypeIsWhatReflectionSaysItIs() throws Exception {
    ClassInfo list = loading(ArrayList.class);
    assertNotNull(list);
    assertEquals("java.util.ArrayList", list.name());
    assertFalse(list.isInterface());
    for (Class<?> c : new Class<?>[] {List.class, java.util.Collection.class, Iterable.class,
        java.util.AbstractList.class, Object.class, java.util.RandomAccess.class}) {
      assertTrue(list.isSubTypeOf(c.getName()), c.getName());
    }
    assertFalse(list.isSubTypeOf("java.util.Map"));
    assertTrue(isInterface().matches(hierarchy.find("java/util/List")));
    assertEquals(List.of(), hierarchy.find("java/util/AbstractList").declaredMethods(),
        "a supertype is kept without its methods");
    assertTrue(declaresField(named("size").and(not(isStatic()))).matches(list));
    assertTrue(declaresMethod(isConstructor().and(takesArguments(1))
        .and(takesArgument(0, named("int")))).matches(list));
    assertFalse(declaresField(named("nothing")).matches(list));
    assertEquals(java.util.Arrays.stream(ArrayList.class.getDeclaredMethods())
        .filter(m -> !m.isSynthetic()).count() + ArrayList.class.getDeclaredConstructors().length,
        list.declaredMethods().stream().filter(m -> (m.modifiers() & Opcodes.ACC_SYNTHETIC) == 0
            && !m.name().equals("<clinit>")).count());
  }

  @Test
  void parameterAndReturnTypesAreNamedAsClassGetNameNamesThem() throws Exception {
    ClassInfo list = loading(ArrayList.class);
    MethodInfo toArray = list.method("toArray", "([Ljava/lang/Object;)[Ljava/lang/Object;");
    assertEquals(Object[].class.getName(), toArray.parameterTypes().get(0).name());
    assertEquals(Object[].class.getName(), toArray.returnType().name());
    Matcher<MethodInfo> get = named("get").and(takesArgument(0, named("int")))
        .and(returns(named("java.lang.Object"))).and(isPublic()).and(not(isAbstract()));
    assertTrue(get.matches(list.method("get", "(I)Ljava/lang/Object;")));
    assertFalse(get.matches(list.method("remove", "(I)Ljava/lang/Object;")));
    assertTrue(namedOneOf("add", "remove").matches(list.method("remove", "(I)Ljava/lang/Object;")));
    assertEquals("void", list.method("clear", "()V").returnType().name());
    assertTrue(list.method("<init>", "()V").isConstructor());
    assertEquals(list, list.method("clear", "()V").declaringType());
    assertTrue(nameStartsWith("java.util.").matches(list));
  }

  @Test
  void aSupertypeWithoutAClassFileIsSkippedNotFatal() {
    // What another agent leaves: a class implementing an interface it injected without a class
    // file. The rest of its hierarchy is still read.
    ClassWriter w = new ClassWriter(0);
    w.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "x/Injected", null, "java/util/AbstractList",
        new String[] {"x/NoClassFile", "java/lang/Runnable"});
    w.visitEnd();
    ClassInfo injected = ClassInfo.read(w.toByteArray(), hierarchy);
    assertTrue(injected.isSubTypeOf("java.lang.Runnable"));
    assertTrue(injected.isSubTypeOf("java.util.Collection"), "through its superclass");
    assertTrue(injected.isSubTypeOf("x.NoClassFile"), "named, so known without its file");
    assertFalse(injected.isSubTypeOf("java.util.Map"));
    assertNull(hierarchy.find("x/NoClassFile"));
  }

  @Test
  void aLoadingClassIsKnownToItsSubclassesWithoutItsClassFile() {
    ClassWriter base = new ClassWriter(0);
    base.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "x/Base", null, "java/lang/Object",
        new String[] {"java/io/Closeable"});
    base.visitEnd();
    hierarchy.loaded(ClassInfo.read(base.toByteArray(), hierarchy));
    ClassWriter sub = new ClassWriter(0);
    sub.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "x/Sub", null, "x/Base", null);
    sub.visitEnd();
    TypeInfo type = ClassInfo.read(sub.toByteArray(), hierarchy);
    assertTrue(isSubTypeOf("java.lang.AutoCloseable").matches(type));
  }
}
