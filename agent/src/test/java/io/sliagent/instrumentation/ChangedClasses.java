package io.sliagent.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/** For tests of the plain-ASM rewrites: a class's bytes, and a loader that defines changed ones. */
final class ChangedClasses {

  private ChangedClasses() {}

  /** The class file of {@code c}, as the test's loader has it. */
  static byte[] bytes(Class<?> c) throws IOException {
    try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Defines the given classes itself; the rest (the agent's, the JDK) from the test's loader. */
  static final class Loader extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    Loader() {
      super(ChangedClasses.class.getClassLoader());
    }

    void add(String name, byte[] bytes) {
      classes.put(name, bytes);
    }

    /** {@code changed} defined as {@code original}'s name in a loader of its own. */
    static Class<?> define(Class<?> original, byte[] changed) throws ClassNotFoundException {
      Loader loader = new Loader();
      loader.add(original.getName(), changed);
      return loader.loadClass(original.getName());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        byte[] b = classes.get(name);
        if (b == null) {
          return super.loadClass(name, resolve);
        }
        Class<?> c = findLoadedClass(name);
        return c != null ? c : defineClass(name, b, 0, b.length);
      }
    }
  }
}
