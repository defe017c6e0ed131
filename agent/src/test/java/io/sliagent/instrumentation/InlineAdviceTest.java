package io.sliagent.instrumentation;

import static io.sliagent.api.Matchers.isConstructor;
import static io.sliagent.api.Matchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.api.Call;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Matcher;
import io.sliagent.api.Matchers;
import io.sliagent.api.MethodInfo;
import io.sliagent.api.Target;
import io.sliagent.discovery.Discovery;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's own advice weaver: methods of every shape woven, loaded (so the JVM verifies them),
 * run, and compared with the same methods unwoven; what the advice saw; advice that throws changes
 * nothing; advice of another shape goes to ByteBuddy; and the built-ins on the start-up path are
 * all of the shape it weaves.
 */
class InlineAdviceTest {

  /** What the advice saw, in order. */
  public static final class Recorder {
    public static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());
    public static volatile boolean fail;

    public static long enter(int call, Object argument) {
      if (fail) {
        throw new IllegalStateException("advice failed on enter");
      }
      EVENTS.add("enter " + call + " " + argument);
      return 42L;
    }

    public static void exit(int call, Object self, Object argument, Object result,
        Throwable thrown, long entered) {
      EVENTS.add("exit " + call + " " + (self == null ? "-" : "this") + " " + argument + " "
          + result + " " + (thrown == null ? "-" : thrown.getMessage()) + " " + entered);
      if (fail) {
        throw new IllegalStateException("advice failed on exit");
      }
    }

    public static void event(int call, Object self, Object a, Object b) {
      EVENTS.add("event " + call + " " + (self == null ? "-" : "this") + " " + a + " " + b);
      if (fail) {
        throw new IllegalStateException("advice failed on event");
      }
    }
  }

  /** Advice shaped like the agent's: enter, and exit with what was returned or thrown. */
  public static final class Measure {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@Call int call, @Advice.Argument(0) Object argument) {
      return Recorder.enter(call, argument);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Call int call, @Advice.This Object self,
        @Advice.Argument(0) Object argument, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown, @Advice.Enter long entered) {
      Recorder.exit(call, self, argument, result, thrown, entered);
    }
  }

  /**
   * Exit only, as after constructors (which forbid onThrowable; an event, not a call entered, so
   * nothing is left open when one throws): a field, the origin.
   */
  public static final class Made {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Call int call, @Advice.This Object self,
        @Advice.FieldValue("name") String name, @Advice.Origin("#t\\##m") String origin) {
      Recorder.event(call, self, name, origin);
    }
  }

  /** A parameter of a type the agent's weaver leaves ByteBuddy to judge. */
  public static final class Shouted {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Call int call, @Advice.Argument(0) CharSequence said,
        @Advice.Return String result) {
      Recorder.event(call, null, said, result);
    }
  }

  /** The same as {@link Measure}, through branches and an early return. */
  public static final class Branchy {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@Call int call, @Advice.Argument(0) Object argument) {
      return argument == null ? Recorder.enter(call, null) : Recorder.enter(call, argument);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Call int call, @Advice.This Object self,
        @Advice.Argument(0) Object argument, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown, @Advice.Enter long entered) {
      if (thrown != null) {
        Recorder.exit(call, self, argument, null, thrown, entered);
        return;
      }
      Recorder.exit(call, self, argument, result, thrown, entered);
    }
  }

  /** A local of its own: not the agent's weaver's shape. */
  public static final class WithLocal {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Call int call, @Advice.Argument(0) Object argument) {
      String text = String.valueOf(argument);
      Recorder.event(call, null, text, text);
    }
  }

  /** The methods woven: every shape of code the weave must keep valid. */
  public static class Woven {
    public String name;

    public Woven(String name) {
      this.name = name;
      if (name.isEmpty()) {
        return;
      }
      this.name = name + "!";
    }

    public int twice(int x) {
      return x * 2;
    }

    /** Several returns, wide locals, a loop: frames that carry locals of every size. */
    public long returns(int x) {
      long total = 0;
      double ratio = 1.5;
      for (int i = 0; i < x; i++) {
        total += i;
        if (total > 100) {
          return total;
        }
      }
      if (x < 0) {
        return (long) (x * ratio);
      }
      return total + 1;
    }

    /** A return inside the method's own try: what advice throws there is not the method's. */
    public String guarded(String s) {
      try {
        if (s.isEmpty()) {
          throw new IllegalArgumentException("empty");
        }
        return s.toUpperCase();
      } catch (RuntimeException e) {
        return "caught " + e.getMessage();
      } finally {
        name = "finally " + s;
      }
    }

    /** Its first instruction is a loop's head: a frame where the weave's own ends. */
    public int loop(int n) {
      while (n > 0) {
        n--;
      }
      return n;
    }

    public void fails(String message) {
      if (message != null) {
        throw new IllegalStateException(message);
      }
    }

    public synchronized double locked(long wide) {
      return wide / 2.0;
    }

    public static String shout(String s) {
      return s + "!";
    }
  }

  @AfterEach
  void reset() {
    Recorder.fail = false;
    Recorder.EVENTS.clear();
  }

  @Test
  void wovenMethodsReturnAndThrowWhatTheyDidAndTheAdviceSeesIt() throws Exception {
    Class<?> woven = weave();
    Object w = woven.getConstructor(String.class).newInstance("x");
    assertEquals(List.of("event 7 this x! " + Woven.class.getName() + "#<init>"),
        Recorder.EVENTS);
    Recorder.EVENTS.clear();

    assertEquals(8, call(w, "twice", 4));
    assertEquals(List.of("enter 3 4", "exit 3 this 4 8 - 42"), Recorder.EVENTS);
    Recorder.EVENTS.clear();

    for (int x : new int[] {-3, 0, 5, 20}) {
      assertEquals(new Woven("x").returns(x), call(w, "returns", x));
    }
    assertEquals(8, Recorder.EVENTS.size(), Recorder.EVENTS.toString());
    assertTrue(Recorder.EVENTS.contains("exit 3 this 20 " + new Woven("x").returns(20) + " - 42"),
        Recorder.EVENTS.toString());
    Recorder.EVENTS.clear();

    assertEquals("AB", call(w, "guarded", "ab"));
    assertEquals("caught empty", call(w, "guarded", ""));
    assertEquals("finally ", woven.getField("name").get(w));
    assertEquals(List.of("enter 3 ab", "exit 3 this ab AB - 42", "enter 3 ",
        "exit 3 this  caught empty - 42"), Recorder.EVENTS);
    Recorder.EVENTS.clear();

    assertEquals(0, call(w, "loop", 5));
    assertEquals(2.5, call(w, "locked", 5L));
    assertEquals(List.of("enter 3 5", "exit 3 this 5 0 - 42", "enter 3 5",
        "exit 3 this 5 2.5 - 42"), Recorder.EVENTS);
    Recorder.EVENTS.clear();

    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> call(w, "fails", "boom"));
    assertEquals(IllegalStateException.class, thrown.getCause().getClass());
    assertEquals("boom", thrown.getCause().getMessage());
    assertNull(call(w, "fails", (Object) null));
    assertEquals(List.of("enter 3 boom", "exit 3 this boom null boom 42", "enter 3 null",
        "exit 3 this null null - 42"), Recorder.EVENTS);
  }

  @Test
  void adviceThatThrowsChangesNothing() throws Exception {
    Class<?> woven = weave();
    Recorder.fail = true;
    Object w = woven.getConstructor(String.class).newInstance("");
    assertEquals("", woven.getField("name").get(w));
    assertEquals(8, call(w, "twice", 4));
    // Thrown by the exit advice inside the method's own try: never caught by the method.
    assertEquals("AB", call(w, "guarded", "ab"));
    assertEquals("caught empty", call(w, "guarded", ""));
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> call(w, "fails", "boom"));
    assertEquals("boom", thrown.getCause().getMessage());
    assertEquals(List.of("event 7 this  " + Woven.class.getName() + "#<init>",
        "exit 3 this 4 8 - 0", "exit 3 this ab AB - 0", "exit 3 this  caught empty - 0",
        "exit 3 this boom null boom 0"), Recorder.EVENTS, "the enter value is 0 when it threw");
  }

  /**
   * Two advice on one method (an extension's beside a built-in's): not the agent's weaver's to
   * weave (the class goes to ByteBuddy, which the transformer does when it sees two).
   */
  @Test
  void twoAdviceOnOneMethodAreNotWovenByTheAgent() throws Exception {
    InlineAdvice measure = InlineAdvice.parse(bytes(Measure.class.getName()), 3);
    InlineAdvice branchy = InlineAdvice.parse(bytes(Branchy.class.getName()), 4);
    assertThrows(InlineAdvice.Unfit.class, () -> weave(plan().on(named("guarded"), measure)
        .on(named("guarded"), branchy)));
  }

  /**
   * A return with more below its value on the stack (no compiler's code, but valid): advice that
   * runs straight through is woven there; advice that branches, whose frames would have to name
   * what is below, is not (the class goes to ByteBuddy).
   */
  @Test
  void aReturnAboveOtherValuesIsWovenOnlyByAdviceThatDoesNotBranch() throws Exception {
    String name = "io.sliagent.instrumentation.Residue";
    byte[] bytes = classWith(name, "(Ljava/lang/Object;)I", 2, leave -> {
      leave.visitIntInsn(Opcodes.BIPUSH, 7);
      leave.visitInsn(Opcodes.ICONST_1);
      leave.visitInsn(Opcodes.IRETURN);
    });

    InlineAdvice branchy = InlineAdvice.parse(bytes(Branchy.class.getName()), 3);
    assertThrows(InlineAdvice.Unfit.class, () -> woven(name, bytes,
        plan().on(named("leave"), branchy)));
    InlineAdvice measure = InlineAdvice.parse(bytes(Measure.class.getName()), 3);
    Class<?> woven = define(name, woven(name, bytes,
        plan().on(named("leave"), measure)));
    Object r = woven.getMethod("leave", Object.class)
        .invoke(woven.getConstructor().newInstance(), "x");
    assertEquals(1, r);
    assertEquals(List.of("enter 3 x", "exit 3 this x 1 - 42"), Recorder.EVENTS);
  }

  /**
   * A return inside the method's own try block (javac ends a try before its return; other
   * compilers need not): the method's handler would cover the exit code, so the class is not the
   * agent's weaver's.
   */
  @Test
  void aReturnInsideTheMethodsOwnTryBlockIsNotWovenByTheAgent() throws Exception {
    String name = "io.sliagent.instrumentation.ReturnInTry";
    byte[] bytes = classWith(name, "(Ljava/lang/Object;)I", 1, m -> {
      Label start = new Label();
      Label end = new Label();
      Label handler = new Label();
      m.visitTryCatchBlock(start, end, handler, "java/lang/RuntimeException");
      m.visitLabel(start);
      m.visitInsn(Opcodes.ICONST_1);
      m.visitInsn(Opcodes.IRETURN);
      m.visitLabel(end);
      m.visitLabel(handler);
      m.visitFrame(Opcodes.F_NEW, 2, new Object[] {name.replace('.', '/'), "java/lang/Object"},
          1, new Object[] {"java/lang/RuntimeException"});
      m.visitInsn(Opcodes.POP);
      m.visitInsn(Opcodes.ICONST_2);
      m.visitInsn(Opcodes.IRETURN);
    });
    InlineAdvice measure = InlineAdvice.parse(bytes(Measure.class.getName()), 3);
    assertThrows(InlineAdvice.Unfit.class, () -> woven(name, bytes,
        plan().on(named("leave"), measure)));
  }

  @Test
  void adviceOfAnotherShapeOrAMethodItCannotReadGoesToByteBuddy() throws Exception {
    assertNull(InlineAdvice.parse(bytes(WithLocal.class.getName()), 1));
    // A String given as a CharSequence: the agent's weaver declines the class; ByteBuddy's
    // advice weaves it (it takes it), as the transformer hands it over.
    InlineAdvice shouted = InlineAdvice.parse(bytes(Shouted.class.getName()), 5);
    assertNotNull(shouted);
    assertThrows(InlineAdvice.Unfit.class, () -> weave(plan().on(named("shout"), shouted)));
    String name = Woven.class.getName();
    byte[] bytes = bytes(name);
    ClassInfo type = ClassInfo.read(bytes, new Hierarchy(InlineAdviceTest.class.getClassLoader()));
    Target.AdviceOn advice = Target.types(Matchers.any())
        .advice(named("shout"), Shouted.class.getName(), "shout").advice().get(0);
    Class<?> woven = define(name, new ByteBuddyWeaver().weave(type, name, bytes,
        InlineAdviceTest.class.getClassLoader(), List.of(new AdviceTransformers.Woven(
            named("shout"), null, advice, installed("shout", 5)))));
    assertEquals("hey!", woven.getMethod("shout", String.class).invoke(null, "hey"));
    assertEquals(List.of("event 5 - hey hey!"), Recorder.EVENTS);
  }

  /** An instrumentation whose call {@code call} is numbered {@code number}. */
  private static Installed installed(String call, int number) {
    Map<String, Integer> calls = new HashMap<>();
    calls.put(call, number);
    return new Installed(new WeaverLeakTest.ServiceInstrumentation(Shouted.class.getName()),
        "test", calls, new Dispatcher());
  }

  /**
   * The built-ins' advice on the way to a first HTTP call or JDBC query, and on every pool's
   * tasks, is of the shape the agent weaves itself: ByteBuddy's {@code Advice} is not loaded for
   * it (BENCHMARKS.md, "Start-up").
   */
  @Test
  void theBuiltInsOnTheStartUpPathAreWovenByTheAgent() throws IOException {
    Set<String> own = new TreeSet<>();
    Set<String> byteBuddy = new TreeSet<>();
    for (Instrumentation i : Discovery.find(null, List.of())) {
      for (Target t : i.targets()) {
        List<Target.AdviceOn> ons = new ArrayList<>(t.advice());
        for (Target.CallSite site : t.adviceAtCalls()) {
          ons.add(site.advice());
        }
        for (Target.AdviceOn on : ons) {
          String name = on.adviceClass();
          (InlineAdvice.parse(bytes(name), 1) != null ? own : byteBuddy)
              .add(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1));
        }
      }
    }
    for (String path : new String[] {"httpclient.", "jdbc.", "httpurlconnection.",
        "executor."}) {
      for (String advice : byteBuddy) {
        assertTrue(!advice.startsWith(path), advice + " is left to ByteBuddy; own: " + own);
      }
    }
    assertTrue(own.size() > byteBuddy.size(), "own " + own + ", ByteBuddy's " + byteBuddy);
    System.out.println("advice woven by ByteBuddy: " + byteBuddy);
  }

  /**
   * A class file (Java 11) with a public no-argument constructor and one public method {@code
   * leave} of {@code descriptor}, its code written by {@code code}, none of which javac writes.
   */
  private static byte[] classWith(String name, String descriptor, int maxStack,
      Consumer<MethodVisitor> code) {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null,
        "java/lang/Object", null);
    MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(1, 1);
    init.visitEnd();
    MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC, "leave", descriptor, null, null);
    m.visitCode();
    code.accept(m);
    m.visitMaxs(maxStack, 2);
    m.visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }

  /** What a class gets, in order: as the transformer plans it. */
  private static final class Plan {
    final List<AdviceTransformers.Woven> woven = new ArrayList<>();

    Plan on(Matcher<? super MethodInfo> methods, InlineAdvice advice) {
      woven.add(new AdviceTransformers.Woven(methods, advice, null, null));
      return this;
    }
  }

  private static Plan plan() {
    return new Plan();
  }

  private static Class<?> weave() throws Exception {
    InlineAdvice measure = InlineAdvice.parse(bytes(Measure.class.getName()), 3);
    InlineAdvice branchy = InlineAdvice.parse(bytes(Branchy.class.getName()), 3);
    InlineAdvice made = InlineAdvice.parse(bytes(Made.class.getName()), 7);
    assertNotNull(measure);
    assertNotNull(branchy);
    assertNotNull(made);
    return weave(plan().on(named("twice").or(named("locked")), measure)
        .on(named("returns").or(named("guarded")).or(named("loop")).or(named("fails")),
            branchy)
        .on(isConstructor(), made));
  }

  /** Woven's class file woven, defined in a loader of its own (and so verified) and linked. */
  private static Class<?> weave(Plan plan) throws Exception {
    String name = Woven.class.getName();
    Class<?> type = define(name, woven(name, bytes(name), plan));
    Constructor<?> c = type.getConstructor(String.class);
    assertSame(type, c.getDeclaringClass());
    return type;
  }

  private static byte[] woven(String name, byte[] bytes, Plan plan) {
    ClassInfo type = ClassInfo.read(bytes, new Hierarchy(InlineAdviceTest.class.getClassLoader()));
    return AdviceTransformers.weave(type, bytes, plan.woven);
  }

  private static Class<?> define(String name, byte[] bytes) throws Exception {
    Class<?> type = new ClassLoader(InlineAdviceTest.class.getClassLoader()) {
      Class<?> define() {
        return defineClass(name, bytes, 0, bytes.length);
      }
    }.define();
    for (Method m : type.getDeclaredMethods()) {
      m.getModifiers();
    }
    type.getConstructors()[0].getParameterCount();
    return type;
  }

  private static Object call(Object target, String method, Object argument) throws Exception {
    for (Method m : target.getClass().getMethods()) {
      if (m.getName().equals(method)) {
        return m.invoke(target, argument);
      }
    }
    throw new AssertionError("no method " + method);
  }

  private static byte[] bytes(String className) throws IOException {
    try (InputStream in = InlineAdviceTest.class.getClassLoader()
        .getResourceAsStream(className.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
