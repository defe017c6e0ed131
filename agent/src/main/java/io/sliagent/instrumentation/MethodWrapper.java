package io.sliagent.instrumentation;

import net.bytebuddy.jar.asm.MethodVisitor;

/** What changes the code of one method of a class as the agent's own weaver rewrites it. */
interface MethodWrapper {

  /**
   * The visitor that writes {@code method} of {@code type} changed into {@code to}.
   *
   * @throws InlineAdvice.Unfit when this method is not one it takes: the class goes to ByteBuddy
   */
  MethodVisitor wrap(ClassInfo type, ClassInfo.Method method, MethodVisitor to);
}
