package io.sliagent.instrumentation;

import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * How many slots a method's operand stack holds before each instruction it is shown, from each
 * instruction's effect and reset by each (expanded) stack map frame; unknown ({@code -1}) after
 * a jump, a return or a throw until the next frame. {@link InlineAdvice} asks it at a return:
 * advice whose code branches needs frames there, which must name what the method left on its
 * stack. Passes nothing on.
 */
final class StackDepth extends MethodVisitor {

  /** The effect of each instruction that has no operand; 99: ends the flow (return, throw). */
  private static final int[] INSN = new int[256];

  static {
    String effects =
        // NOP ACONST_NULL ICONST_M1..5 LCONST_0,1 FCONST_0..2 DCONST_0,1
        "0 1 1 1 1 1 1 1 1 2 2 1 1 1 2 2 "
        // 16..45: BIPUSH SIPUSH LDC LDC_W LDC2_W and loads: not plain instructions
        + "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
        // IALOAD LALOAD FALOAD DALOAD AALOAD BALOAD CALOAD SALOAD
        + "-1 0 -1 0 -1 -1 -1 -1 "
        // 54..78: stores
        + "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
        // IASTORE LASTORE FASTORE DASTORE AASTORE BASTORE CASTORE SASTORE
        + "-3 -4 -3 -4 -3 -3 -3 -3 "
        // POP POP2 DUP DUP_X1 DUP_X2 DUP2 DUP2_X1 DUP2_X2 SWAP
        + "-1 -2 1 1 1 2 2 2 0 "
        // ADD SUB MUL DIV REM, each I L F D
        + "-1 -2 -1 -2 -1 -2 -1 -2 -1 -2 -1 -2 -1 -2 -1 -2 -1 -2 -1 -2 "
        // INEG LNEG FNEG DNEG
        + "0 0 0 0 "
        // ISHL LSHL ISHR LSHR IUSHR LUSHR IAND LAND IOR LOR IXOR LXOR
        + "-1 -1 -1 -1 -1 -1 -1 -2 -1 -2 -1 -2 "
        // IINC (not plain)
        + "0 "
        // I2L I2F I2D L2I L2F L2D F2I F2L F2D D2I D2L D2F I2B I2C I2S
        + "1 0 1 -1 -1 0 0 1 1 -1 0 -1 0 0 0 "
        // LCMP FCMPL FCMPG DCMPL DCMPG
        + "-3 -1 -1 -3 -3 "
        // 153..171: jumps and switches (not plain)
        + "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
        // IRETURN LRETURN FRETURN DRETURN ARETURN RETURN
        + "99 99 99 99 99 99 "
        // 178..189: fields, invokes, NEW, NEWARRAY, ANEWARRAY (not plain)
        + "0 0 0 0 0 0 0 0 0 0 0 0 "
        // ARRAYLENGTH ATHROW CHECKCAST INSTANCEOF MONITORENTER MONITOREXIT
        + "0 99 0 0 -1 -1";
    String[] each = effects.trim().split(" +");
    if (each.length != Opcodes.MONITOREXIT + 1) {
      throw new IllegalStateException(each.length + " effects");
    }
    for (int i = 0; i < each.length; i++) {
      INSN[i] = Integer.parseInt(each[i]);
    }
  }

  private int depth;

  StackDepth() {
    super(Opcodes.ASM9);
  }

  /** Slots on the stack before the next instruction; -1 when not known. */
  int depth() {
    return depth;
  }

  private void add(int delta) {
    if (depth >= 0) {
      depth += delta;
    }
  }

  @Override
  public void visitFrame(int type, int localCount, Object[] local, int stackCount,
      Object[] stack) {
    if (type != Opcodes.F_NEW) {
      depth = -1; // compressed frames are not followed here
      return;
    }
    depth = 0;
    for (int i = 0; i < stackCount; i++) {
      depth += stack[i] == Opcodes.LONG || stack[i] == Opcodes.DOUBLE ? 2 : 1;
    }
  }

  @Override
  public void visitInsn(int opcode) {
    if (INSN[opcode] == 99) {
      depth = -1;
    } else {
      add(INSN[opcode]);
    }
  }

  @Override
  public void visitIntInsn(int opcode, int operand) {
    add(opcode == Opcodes.NEWARRAY ? 0 : 1);
  }

  @Override
  public void visitVarInsn(int opcode, int var) {
    if (opcode == Opcodes.RET) {
      depth = -1;
    } else if (opcode >= Opcodes.ISTORE) {
      add(opcode == Opcodes.LSTORE || opcode == Opcodes.DSTORE ? -2 : -1);
    } else {
      add(opcode == Opcodes.LLOAD || opcode == Opcodes.DLOAD ? 2 : 1);
    }
  }

  @Override
  public void visitTypeInsn(int opcode, String type) {
    add(opcode == Opcodes.NEW ? 1 : 0);
  }

  @Override
  public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
    int size = Type.getType(descriptor).getSize();
    switch (opcode) {
      case Opcodes.GETSTATIC:
        add(size);
        break;
      case Opcodes.PUTSTATIC:
        add(-size);
        break;
      case Opcodes.GETFIELD:
        add(size - 1);
        break;
      default:
        add(-size - 1);
    }
  }

  @Override
  public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
      boolean isInterface) {
    int sizes = Type.getArgumentsAndReturnSizes(descriptor);
    add((sizes & 3) - (sizes >> 2) + (opcode == Opcodes.INVOKESTATIC ? 1 : 0));
  }

  @Override
  public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
      Object... arguments) {
    int sizes = Type.getArgumentsAndReturnSizes(descriptor);
    add((sizes & 3) - (sizes >> 2) + 1);
  }

  @Override
  public void visitJumpInsn(int opcode, Label label) {
    if (opcode == Opcodes.GOTO) {
      depth = -1;
    } else if (opcode == Opcodes.JSR) {
      add(1);
    } else if (opcode >= Opcodes.IF_ICMPEQ && opcode <= Opcodes.IF_ACMPNE) {
      add(-2);
    } else {
      add(-1);
    }
  }

  @Override
  public void visitLdcInsn(Object value) {
    boolean wide = value instanceof Long || value instanceof Double
        || (value instanceof ConstantDynamic && ((ConstantDynamic) value).getSize() == 2);
    add(wide ? 2 : 1);
  }

  @Override
  public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
    depth = -1;
  }

  @Override
  public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
    depth = -1;
  }

  @Override
  public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
    add(1 - dimensions);
  }
}
