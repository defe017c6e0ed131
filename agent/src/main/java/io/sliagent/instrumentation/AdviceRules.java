package io.sliagent.instrumentation;

import io.sliagent.api.Call;
import io.sliagent.api.Target;
import io.sliagent.bootstrap.Bridge;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The rules every advice keeps, checked on its class file before it is applied, for built-ins
 * and extensions alike; an instrumentation that breaks one is switched off by name.
 * <ul>
 *   <li>every advice method suppresses {@code Throwable}, so nothing it does reaches the
 *       application;
 *   <li>the exit advice of an advice that enters a call ({@code Bridge.enter}) runs when the call
 *       throws too ({@code onThrowable = Throwable.class}), so a call entered is always left and
 *       the thread's nesting stays balanced (an advice that only reports events may do without,
 *       as on a constructor, where ByteBuddy allows no {@code onThrowable});
 *   <li>nothing is written back ({@code readOnly = false}) and no call is skipped or repeated
 *       ({@code skipOn}, {@code repeatOn}): the call's arguments, result and exception are the
 *       application's;
 *   <li>the agent is reached only through the {@link Bridge}, whose dispatcher leaves the agent's
 *       own threads and nested calls unmeasured, and an advice that enters it also leaves it.
 * </ul>
 */
final class AdviceRules {

  private static final String ENTER = Type.getDescriptor(Advice.OnMethodEnter.class);
  private static final String EXIT = Type.getDescriptor(Advice.OnMethodExit.class);
  /** From a nested annotation's name: naming {@code Advice} itself would load that large class. */
  private static final String ADVICE_PREFIX = ENTER.substring(0, ENTER.indexOf('$') + 1);
  private static final String THROWABLE = Type.getDescriptor(Throwable.class);
  private static final String BRIDGE = Type.getInternalName(Bridge.class);
  private static final String BOOTSTRAP = BRIDGE.substring(0, BRIDGE.lastIndexOf('/') + 1);
  private static final String CALL = Type.getInternalName(Call.class);
  private static final String AGENT = "io/sliagent/";

  private AdviceRules() {}

  /**
   * Checks every advice of {@code targets}, read from the instrumentation's own class loader. The
   * agent's built-ins are checked when the agent is built ({@code AdviceRulesTest} reads every
   * one), not at each start: reading some 60 class files out of the jar while the application's
   * first instrumented class waits cost it about 80 ms on a busy 2-core machine (BENCHMARKS.md);
   * an extension's are checked here.
   *
   * @throws IllegalStateException naming the advice class and the first rule it breaks
   */
  static void check(Installed installed, List<Target> targets) throws IOException {
    boolean builtIn = installed.loader() == AdviceRules.class.getClassLoader();
    for (Target target : targets) {
      List<Target.AdviceOn> all = new ArrayList<>(target.advice());
      for (Target.CallSite site : target.adviceAtCalls()) {
        all.add(site.advice());
      }
      for (Target.AdviceOn on : all) {
        if (installed.call(on.call()) == null) {
          throw new IllegalStateException("advice " + on.adviceClass() + " reports to call '"
              + on.call() + "', for which handlers() has no handler");
        }
        if (builtIn) {
          continue;
        }
        List<String> broken = check(read(installed.loader(), on.adviceClass()));
        if (!broken.isEmpty()) {
          throw new IllegalStateException("advice " + on.adviceClass() + " " + broken.get(0));
        }
      }
    }
  }

  /** What the advice class {@code classFile} breaks; empty when it keeps every rule. */
  static List<String> check(byte[] classFile) {
    Scan scan = new Scan();
    new ClassReader(classFile).accept(scan, ClassReader.SKIP_FRAMES);
    List<String> broken = new ArrayList<>(scan.broken);
    if (scan.adviceMethods == 0) {
      broken.add("has no @Advice.OnMethodEnter or @Advice.OnMethodExit method");
    }
    if (scan.entersBridge && !scan.exitsBridge) {
      broken.add("enters the bridge (Bridge.enter) but no exit advice leaves it (Bridge.exit)");
    }
    if (scan.entersBridge && scan.exitSkippingThrows != null) {
      broken.add(scan.exitSkippingThrows
          + ": exit advice without onThrowable = Throwable.class, so a call that throws is entered"
          + " and never left");
    }
    return broken;
  }

  private static byte[] read(ClassLoader loader, String className) throws IOException {
    String resource = className.replace('.', '/') + ".class";
    try (InputStream in = loader == null
        ? ClassLoader.getSystemResourceAsStream(resource)
        : loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("advice " + className + " not found");
      }
      return in.readAllBytes();
    }
  }

  private static final class Scan extends ClassVisitor {
    final List<String> broken = new ArrayList<>();
    int adviceMethods;
    boolean entersBridge;
    boolean exitsBridge;
    /** An exit advice method that does not run when the call throws, or null. */
    String exitSkippingThrows;

    Scan() {
      super(Opcodes.ASM9);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
        String[] exceptions) {
      return new MethodVisitor(Opcodes.ASM9) {
        String kind; // "enter", "exit" or null for a helper method
        boolean suppressesThrowable;
        boolean onThrowable;

        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          if (!annotation.equals(ENTER) && !annotation.equals(EXIT)) {
            return null;
          }
          kind = annotation.equals(ENTER) ? "enter" : "exit";
          return new AnnotationVisitor(Opcodes.ASM9) {
            @Override
            public void visit(String key, Object value) {
              boolean throwable = value instanceof Type
                  && ((Type) value).getDescriptor().equals(THROWABLE);
              if (key.equals("suppress")) {
                suppressesThrowable = throwable;
              } else if (key.equals("onThrowable")) {
                onThrowable = throwable;
              } else if (key.equals("skipOn") || key.equals("repeatOn")) {
                broken("uses " + key + ": the application's call must run once, as written");
              }
            }
          };
        }

        @Override
        public AnnotationVisitor visitParameterAnnotation(int parameter, String annotation,
            boolean visible) {
          if (!annotation.startsWith(ADVICE_PREFIX)) {
            return null;
          }
          return new AnnotationVisitor(Opcodes.ASM9) {
            @Override
            public void visit(String key, Object value) {
              if (key.equals("readOnly") && Boolean.FALSE.equals(value)) {
                broken("writes back to parameter " + parameter + " (readOnly = false)");
              }
            }
          };
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String method, String desc,
            boolean isInterface) {
          agentReference(owner);
          if (owner.equals(BRIDGE)) {
            entersBridge |= method.equals("enter");
            exitsBridge |= method.equals("exit") && "exit".equals(kind);
          }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String field, String desc) {
          agentReference(owner);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
          agentReference(type);
        }

        @Override
        public void visitEnd() {
          if (kind == null) {
            return;
          }
          adviceMethods++;
          if (!suppressesThrowable) {
            broken(name + ": " + kind + " advice without suppress = Throwable.class");
          }
          if (kind.equals("exit") && !onThrowable) {
            exitSkippingThrows = name;
          }
        }

        private void agentReference(String owner) {
          if (owner.startsWith(AGENT) && !owner.startsWith(BOOTSTRAP) && !owner.equals(CALL)) {
            broken(name + " uses " + owner.replace('/', '.')
                + ": advice reaches the agent through io.sliagent.bootstrap.Bridge only");
          }
        }
      };
    }

    void broken(String what) {
      broken.add(what);
    }
  }
}
