package io.sliagent.agent;

import java.lang.reflect.Method;
import java.security.ProtectionDomain;

/**
 * Defines classes straight into the bootstrap class loader. {@link BootstrapInjector} loads this
 * class in a class loader of its own and exports {@code jdk.internal.misc} to that loader's
 * module alone, so neither the agent's other classes nor the application (which share the
 * system class loader's unnamed module) gain access to it. Uses java.base only.
 */
public final class BootDefiner {

  private BootDefiner() {}

  /** Defines {@code classes[i]} under {@code names[i]} (binary names) in the bootstrap loader. */
  public static void define(String[] names, byte[][] classes) throws Exception {
    Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
    Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
    Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class,
        int.class, ClassLoader.class, ProtectionDomain.class);
    for (int i = 0; i < names.length; i++) {
      define.invoke(unsafe, names[i], classes[i], 0, classes[i].length, null, null);
    }
  }
}
