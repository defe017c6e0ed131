package io.sliagent.instrumentation;

import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites each {@code Runnable.run()} a method invokes into {@code Bridge.run(task, this,
 * call)} ({@link io.sliagent.api.Target#wrapRuns}): the task is already on the stack, so the
 * rewrite pushes the method's {@code this} (null in a static method) and the call's number and
 * calls the bridge, which runs the task itself. No advice can do this: advice wraps a whole
 * method, and a worker loop runs many tasks in one.
 */
final class RunWrapper implements MethodWrapper {

  private static final String RUNNABLE = "java/lang/Runnable";
  private static final String BRIDGE = Type.getInternalName(Bridge.class);
  private static final String RUN_DESCRIPTOR = "(Ljava/lang/Runnable;Ljava/lang/Object;I)V";

  private final int call;

  private RunWrapper(int call) {
    this.call = call;
  }

  static RunWrapper of(int call) {
    return new RunWrapper(call);
  }

  @Override
  public MethodVisitor wrap(ClassInfo type, ClassInfo.Method method, MethodVisitor to) {
    boolean isStatic = method.isStatic();
    return new MethodVisitor(Opcodes.ASM9, to) {
      @Override
      public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
          boolean isInterface) {
        if (opcode == Opcodes.INVOKEINTERFACE && owner.equals(RUNNABLE) && name.equals("run")
            && descriptor.equals("()V")) {
          if (isStatic) {
            super.visitInsn(Opcodes.ACONST_NULL);
          } else {
            super.visitVarInsn(Opcodes.ALOAD, 0);
          }
          super.visitLdcInsn(call);
          super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "run", RUN_DESCRIPTOR, false);
        } else {
          super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
      }

      @Override
      public void visitMaxs(int maxStack, int maxLocals) {
        // Two more values on the stack at the call, at most.
        super.visitMaxs(maxStack + 2, maxLocals);
      }
    };
  }
}
