package io.sliagent.instrumentation;

import io.sliagent.api.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Gives a class's calls of an interface method a method of their own, for advice ({@link
 * Target#adviceAtCalls}): each {@code invokeinterface I.m(P)} becomes {@code invokestatic
 * sli$m$I(P, I)}, a private static method added to the class that makes the call. Advice wraps a
 * whole method, and the dispatcher that calls a listener does more than call it (convert the
 * message, acknowledge it); the added method is the call alone. It has no branches and the call
 * sites keep their stack heights (a {@code swap} puts the argument first), so the class needs no
 * new stack map frames. Only as the class loads: a loaded class cannot gain a method.
 */
final class CallSites {

  private CallSites() {}

  /** The method the calls of {@code site} go through: {@code sli$onMessage$jakarta_jms_...}. */
  static String helper(Target.CallSite site) {
    return "sli$" + site.method() + "$" + site.type().replace('.', '_');
  }

  /**
   * The class with its calls of {@code sites} going through added methods, or null when it makes
   * none (or is an interface, or already declares such a method).
   */
  static byte[] wrap(byte[] bytes, List<Target.CallSite> sites) {
    List<Target.CallSite> named = new ArrayList<>();
    for (Target.CallSite site : sites) {
      // A class that calls the interface names it in its constant pool: most classes a name
      // test lets through are left here without being parsed.
      if (mentions(bytes, site.type().replace('.', '/'))) {
        named.add(site);
      }
    }
    if (named.isEmpty()) {
      return null;
    }
    ClassReader reader = new ClassReader(bytes);
    if ((reader.getAccess() & (Opcodes.ACC_INTERFACE | Opcodes.ACC_MODULE)) != 0) {
      return null;
    }
    ClassWriter writer = new ClassWriter(reader, 0);
    Rewriter rewriter = new Rewriter(writer, named);
    reader.accept(rewriter, 0);
    return rewriter.clash || rewriter.added.isEmpty() ? null : writer.toByteArray();
  }

  /** Whether the class file holds {@code text} (an internal name: ASCII, as its UTF-8 form). */
  static boolean mentions(byte[] bytes, String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0, last = bytes.length - t.length; i <= last; i++) {
      for (int j = 0; j < t.length; j++) {
        if (bytes[i + j] != t[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static final class Rewriter extends ClassVisitor {
    private final List<Target.CallSite> sites;
    /** The methods to add: name to descriptor of the interface method they call. */
    final Map<String, String> added = new LinkedHashMap<>();
    private final Map<String, Target.CallSite> siteOf = new LinkedHashMap<>();
    private String owner;
    /** The class already declares a method of a name we add: it is left as it was. */
    boolean clash;

    Rewriter(ClassVisitor next, List<Target.CallSite> sites) {
      super(Opcodes.ASM9, next);
      this.sites = sites;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
        String[] interfaces) {
      owner = name;
      super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor,
        String signature, String[] exceptions) {
      for (Target.CallSite site : sites) {
        clash |= helper(site).equals(name);
      }
      return new MethodVisitor(Opcodes.ASM9,
          super.visitMethod(access, name, descriptor, signature, exceptions)) {
        @Override
        public void visitMethodInsn(int opcode, String type, String method, String called,
            boolean isInterface) {
          Target.CallSite site = opcode == Opcodes.INVOKEINTERFACE ? match(type, method, called)
              : null;
          if (site == null) {
            super.visitMethodInsn(opcode, type, method, called, isInterface);
            return;
          }
          String helper = helper(site);
          added.put(helper, called);
          siteOf.put(helper, site);
          super.visitInsn(Opcodes.SWAP); // [receiver, argument] -> [argument, receiver]
          super.visitMethodInsn(Opcodes.INVOKESTATIC, owner, helper, helperDescriptor(type,
              called), false);
        }
      };
    }

    /** The site {@code type.method(called)} is a call of, or null. */
    private Target.CallSite match(String type, String method, String called) {
      for (Target.CallSite site : sites) {
        String helper = helper(site);
        if (site.method().equals(method) && site.type().replace('.', '/').equals(type)
            && called.startsWith("(L" + site.parameterType().replace('.', '/') + ";)")
            // one method per name: a second descriptor (not Java, but legal) keeps its call
            && (!added.containsKey(helper) || added.get(helper).equals(called))) {
          return site;
        }
      }
      return null;
    }

    @Override
    public void visitEnd() {
      if (!clash) {
        for (Map.Entry<String, String> e : added.entrySet()) {
          add(e.getKey(), siteOf.get(e.getKey()), e.getValue());
        }
      }
      super.visitEnd();
    }

    /** {@code static R sli$m$I(P argument, I receiver) { return receiver.m(argument); }} */
    private void add(String helper, Target.CallSite site, String called) {
      String type = site.type().replace('.', '/');
      Type returned = Type.getReturnType(called);
      // Synthetic, as compilers mark what the source does not declare: frameworks that list a
      // class's members pass over it.
      MethodVisitor m = cv.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC
          | Opcodes.ACC_SYNTHETIC, helper, helperDescriptor(type, called), null, null);
      m.visitCode();
      m.visitVarInsn(Opcodes.ALOAD, 1);
      m.visitVarInsn(Opcodes.ALOAD, 0);
      m.visitMethodInsn(Opcodes.INVOKEINTERFACE, type, site.method(), called, true);
      m.visitInsn(returned.getOpcode(Opcodes.IRETURN));
      m.visitMaxs(Math.max(2, returned.getSize()), 2);
      m.visitEnd();
    }
  }

  /** {@code (P)R} called on {@code type} becomes {@code (P, type)R}. */
  private static String helperDescriptor(String type, String called) {
    int close = called.indexOf(')');
    return called.substring(0, close) + "L" + type + ";" + called.substring(close);
  }
}
