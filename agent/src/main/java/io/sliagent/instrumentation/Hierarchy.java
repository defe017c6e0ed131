package io.sliagent.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The types of one class loader as their class files declare them, without their methods ({@link
 * ClassInfo#outline()}): read when a matcher asks for a supertype and kept, at most {@link
 * #MAX_TYPES} of them (past it the cache starts again, so memory stays bounded whatever the
 * application loads). The loader is held weakly: what is cached for it must not keep a discarded
 * loader (a web application redeployed) alive.
 */
final class Hierarchy {

  static final int MAX_TYPES = 4096;

  /** Where the boot loader's class files are found: a loader with no parent asks only it. */
  private static final ClassLoader BOOT = new ClassLoader(null) {};

  /** A type whose class file cannot be read. */
  private static final Object MISSING = new Object();

  private final WeakReference<ClassLoader> loader;
  private final ConcurrentHashMap<String, Object> types = new ConcurrentHashMap<>();

  Hierarchy(ClassLoader loader) {
    this.loader = new WeakReference<>(loader == null ? BOOT : loader);
  }

  /**
   * The type of this internal name, without its methods, or null when its class file cannot be
   * read.
   */
  ClassInfo find(String internalName) {
    Object known = types.get(internalName);
    if (known == null) {
      known = read(internalName);
      remember(internalName, known);
    }
    return known == MISSING ? null : (ClassInfo) known;
  }

  /** Keeps {@code type}, read from the bytes of a class as it loads, for its subclasses. */
  void loaded(ClassInfo type) {
    remember(type.internalName(), type.outline());
  }

  private void remember(String internalName, Object type) {
    if (types.size() >= MAX_TYPES) {
      types.clear();
    }
    types.put(internalName, type);
  }

  private Object read(String internalName) {
    ClassLoader l = loader.get();
    if (l == null) {
      return MISSING;
    }
    try (InputStream in = l.getResourceAsStream(internalName + ".class")) {
      return in == null ? MISSING : ClassInfo.outline(in.readAllBytes(), this);
    } catch (IOException | RuntimeException unreadable) {
      // Not there, or not a class file ASM reads: a type another agent injected, say.
      return MISSING;
    }
  }
}
