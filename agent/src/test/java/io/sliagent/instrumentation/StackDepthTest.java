package io.sliagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

/**
 * The stack depth the weaver relies on at a return, checked against the compiler: over every
 * method of the JDK's java.base, java.sql and java.net.http, wherever the code runs into a stack
 * map frame the depth it worked out is the frame's, and at each return it holds the value.
 */
class StackDepthTest {

  @Test
  void theDepthAgreesWithEveryFrameAndReturnOfTheJdk() throws IOException {
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    long[] checks = new long[2];
    for (String module : new String[] {"java.base", "java.sql", "java.net.http"}) {
      List<Path> classes;
      try (Stream<Path> all = Files.walk(jrt.getPath("/modules", module))) {
        classes = all.filter(p -> p.toString().endsWith(".class")
            && !p.toString().endsWith("module-info.class")).collect(Collectors.toList());
      }
      for (Path p : classes) {
        new ClassReader(Files.readAllBytes(p)).accept(new ClassVisitor(Opcodes.ASM9) {
          @Override
          public MethodVisitor visitMethod(int access, String name, String descriptor,
              String signature, String[] exceptions) {
            return new Checked(p + " " + name + descriptor,
                Type.getReturnType(descriptor).getSize(), checks);
          }
        }, ClassReader.EXPAND_FRAMES);
      }
    }
    assertTrue(checks[0] > 20_000, checks[0] + " frames checked");
    assertTrue(checks[1] > 20_000, checks[1] + " returns checked");
  }

  /** Each visit goes to a StackDepth; its depth checked at frames and returns. */
  private static final class Checked extends MethodVisitor {
    final String where;
    final int returnSize;
    final long[] checks;
    final StackDepth depth = new StackDepth();

    Checked(String where, int returnSize, long[] checks) {
      super(Opcodes.ASM9);
      this.where = where;
      this.returnSize = returnSize;
      this.checks = checks;
    }

    @Override
    public void visitFrame(int type, int localCount, Object[] local, int stackCount,
        Object[] stack) {
      int before = depth.depth();
      depth.visitFrame(type, localCount, local, stackCount, stack);
      if (before >= 0) {
        assertEquals(depth.depth(), before, where);
        checks[0]++;
      }
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
        // At least the value: jlink's generated SystemModules leave builders below it.
        assertTrue(depth.depth() >= returnSize, where + ": " + depth.depth());
        checks[1]++;
      }
      depth.visitInsn(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      depth.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
      depth.visitVarInsn(opcode, var);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      depth.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      depth.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
        boolean isInterface) {
      depth.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
        Object... arguments) {
      depth.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      depth.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
      depth.visitLdcInsn(value);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      depth.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      depth.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
      depth.visitMultiANewArrayInsn(descriptor, dimensions);
    }
  }
}
