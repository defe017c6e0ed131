package io.sliagent.instrumentation;

import io.sliagent.bootstrap.Slot;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Adds a {@link Slot} to a class as it loads: one field and the two methods that read and write
 * it, in plain ASM. ByteBuddy's type builder did the same at the cost of its method-graph
 * analysis and about 240 more classes, loaded while the application's first JDBC connection
 * waited. The methods have no branches, so the class needs no new stack map frames, and its
 * constant pool and methods are copied as they are.
 */
final class SlotField {

  static final String FIELD = "sli$slot";
  static final String LONG_FIELD = "sli$long";
  private static final String SLOT = Type.getInternalName(Slot.class);
  private static final String GET = "sli$get";
  private static final String SET = "sli$set";
  private static final String GET_LONG = "sli$getLong";
  private static final String SET_LONG = "sli$setLong";

  private SlotField() {}

  /** The class with a slot, or null where it cannot have one (an interface, or names taken). */
  static byte[] add(byte[] bytes) {
    ClassReader reader = new ClassReader(bytes);
    if ((reader.getAccess() & (Opcodes.ACC_INTERFACE | Opcodes.ACC_MODULE)) != 0) {
      return null;
    }
    ClassWriter writer = new ClassWriter(reader, 0);
    Adder adder = new Adder(writer);
    reader.accept(adder, 0);
    return adder.clash ? null : writer.toByteArray();
  }

  private static final class Adder extends ClassVisitor {
    private String owner;
    /** The class already declares one of the names: it is left as it was. */
    boolean clash;

    Adder(ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
        String[] interfaces) {
      owner = name;
      String[] with = interfaces;
      boolean listed = false;
      for (String i : interfaces) {
        listed |= SLOT.equals(i);
      }
      if (!listed) {
        with = new String[interfaces.length + 1];
        System.arraycopy(interfaces, 0, with, 0, interfaces.length);
        with[interfaces.length] = SLOT;
      }
      super.visit(version, access, name, signature, superName, with);
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature,
        Object value) {
      clash |= FIELD.equals(name) || LONG_FIELD.equals(name);
      return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor,
        String signature, String[] exceptions) {
      clash |= GET.equals(name) || SET.equals(name) || GET_LONG.equals(name)
          || SET_LONG.equals(name);
      return super.visitMethod(access, name, descriptor, signature, exceptions);
    }

    @Override
    public void visitEnd() {
      // Synthetic, as compilers mark what the source does not declare: frameworks that list a
      // class's members (serializers, proxies, mocks) pass over them.
      // The object is volatile: it may be written once and read on other threads with no
      // hand-off between them (a pool's state, published with the pool however the application
      // publishes it). The number is plain: a time stamp written before the library hands the
      // object to another thread (a task into a queue) or read on the thread that wrote it, so
      // the library's own hand-off orders it; a volatile write there would cost a full fence
      // per task (three per fork-join task).
      accessors(FIELD, "Ljava/lang/Object;", GET, SET, Opcodes.ALOAD, Opcodes.ARETURN, 1,
          Opcodes.ACC_VOLATILE);
      accessors(LONG_FIELD, "J", GET_LONG, SET_LONG, Opcodes.LLOAD, Opcodes.LRETURN, 2, 0);
      super.visitEnd();
    }

    /**
     * A field and its getter and setter; {@code size} is the value's width in local slots,
     * {@code volatility} {@code ACC_VOLATILE} or 0.
     */
    private void accessors(String field, String type, String getter, String setter, int load,
        int ret, int size, int volatility) {
      cv.visitField(Opcodes.ACC_PRIVATE | volatility | Opcodes.ACC_TRANSIENT
          | Opcodes.ACC_SYNTHETIC, field, type, null, null).visitEnd();
      MethodVisitor get = cv.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, getter,
          "()" + type, null, null);
      get.visitCode();
      get.visitVarInsn(Opcodes.ALOAD, 0);
      get.visitFieldInsn(Opcodes.GETFIELD, owner, field, type);
      get.visitInsn(ret);
      get.visitMaxs(size, 1);
      get.visitEnd();
      MethodVisitor set = cv.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, setter,
          "(" + type + ")V", null, null);
      set.visitCode();
      set.visitVarInsn(Opcodes.ALOAD, 0);
      set.visitVarInsn(load, 1);
      set.visitFieldInsn(Opcodes.PUTFIELD, owner, field, type);
      set.visitInsn(Opcodes.RETURN);
      set.visitMaxs(1 + size, 1 + size);
      set.visitEnd();
    }
  }
}
