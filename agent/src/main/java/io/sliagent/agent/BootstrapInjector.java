package io.sliagent.agent;

import io.sliagent.log.AgentLog;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge package ({@code io.sliagent.bootstrap}) in the bootstrap class loader. Only
 * those few java.base-only classes go there; everything else stays in the agent's loader. Must
 * run before anything loads a bridge class, so that the agent's loader, which delegates to its
 * parents first, resolves them from the bootstrap loader too.
 *
 * <p>The classes are defined directly ({@link BootDefiner}) rather than appended as a jar to the
 * bootstrap class path: an append makes the JVM print "Sharing is only supported for boot loader
 * classes because bootstrap classpath has been appended" and stop using its CDS archive for every
 * other class, which an operator would see on each start and pay for in start-up time. Where the
 * direct way is not available (another JVM's internals), the append is the fallback.
 */
final class BootstrapInjector {

  static final String[] BRIDGE_CLASSES = {
    "io.sliagent.bootstrap.Bridge",
    "io.sliagent.bootstrap.Hooks",
    "io.sliagent.bootstrap.Slot",
    "io.sliagent.bootstrap.AgentThreads",
    "io.sliagent.bootstrap.AgentThreads$Marked",
  };

  private BootstrapInjector() {}

  static void inject(Instrumentation inst) throws IOException {
    String[] names = Arrays.copyOf(BRIDGE_CLASSES, BRIDGE_CLASSES.length + 1);
    names[BRIDGE_CLASSES.length] = BootDefiner.class.getName();
    byte[][] read = read(names);
    byte[][] classes = Arrays.copyOf(read, BRIDGE_CLASSES.length);
    try {
      defineDirectly(inst, read[BRIDGE_CLASSES.length], classes);
    } catch (Throwable e) {
      AgentLog.debug("bridge classes appended to the bootstrap class path instead of defined"
          + " in it", e);
      append(inst, classes);
    }
  }

  private static void defineDirectly(Instrumentation inst, byte[] definer, byte[][] classes)
      throws Exception {
    Class<?> isolated = new ClassLoader(null) {
      Class<?> define() {
        return defineClass(BootDefiner.class.getName(), definer, 0, definer.length);
      }
    }.define();
    inst.redefineModule(Object.class.getModule(), Set.of(),
        Map.of("jdk.internal.misc", Set.of(isolated.getModule())), Map.of(), Set.of(), Map.of());
    isolated.getMethod("define", String[].class, byte[][].class)
        .invoke(null, BRIDGE_CLASSES, classes);
  }

  private static void append(Instrumentation inst, byte[][] classes) throws IOException {
    File jar = File.createTempFile("sli-agent-bootstrap-", ".jar");
    jar.deleteOnExit();
    try (JarOutputStream out = new JarOutputStream(new FileOutputStream(jar))) {
      for (int i = 0; i < classes.length; i++) {
        out.putNextEntry(new JarEntry(resource(BRIDGE_CLASSES[i])));
        out.write(classes[i]);
        out.closeEntry();
      }
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
  }

  /**
   * The class files, read from the agent's jar as a file (its central directory is already
   * parsed and shared) rather than through {@code jar:} URLs, whose handler classes alone cost
   * the application's start-up several milliseconds; from the class directory in tests.
   */
  private static byte[][] read(String[] classNames) throws IOException {
    Path home;
    try {
      home = Paths.get(BootstrapInjector.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the agent's classes", e);
    }
    byte[][] out = new byte[classNames.length][];
    if (Files.isDirectory(home)) {
      for (int i = 0; i < out.length; i++) {
        out[i] = Files.readAllBytes(home.resolve(resource(classNames[i])));
      }
      return out;
    }
    try (JarFile jar = new JarFile(home.toFile(), false)) {
      for (int i = 0; i < out.length; i++) {
        JarEntry entry = jar.getJarEntry(resource(classNames[i]));
        if (entry == null) {
          throw new IOException("agent jar is missing " + resource(classNames[i]));
        }
        try (InputStream in = jar.getInputStream(entry)) {
          out[i] = in.readAllBytes();
        }
      }
    }
    return out;
  }

  private static String resource(String className) {
    return className.replace('.', '/') + ".class";
  }
}
