package io.sliagent.agent;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge package ({@code io.sliagent.bootstrap}) on the bootstrap class path: a small
 * temporary jar appended with {@link Instrumentation#appendToBootstrapClassLoaderSearch}. Only
 * those few java.base-only classes go there; everything else stays in the agent's loader. Must
 * run before anything loads a bridge class, so that the agent's loader, which delegates to its
 * parents first, resolves them from the bootstrap loader too.
 */
final class BootstrapInjector {

  static final String[] BRIDGE_CLASSES = {
    "io/sliagent/bootstrap/Bridge.class",
    "io/sliagent/bootstrap/Hooks.class",
    "io/sliagent/bootstrap/Slot.class",
  };

  private BootstrapInjector() {}

  static void inject(Instrumentation inst) throws IOException {
    File jar = File.createTempFile("sli-agent-bootstrap-", ".jar");
    jar.deleteOnExit();
    ClassLoader loader = BootstrapInjector.class.getClassLoader();
    try (JarOutputStream out = new JarOutputStream(new FileOutputStream(jar))) {
      for (String name : BRIDGE_CLASSES) {
        try (InputStream in = loader.getResourceAsStream(name)) {
          if (in == null) {
            throw new IOException("agent jar is missing " + name);
          }
          out.putNextEntry(new JarEntry(name));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
  }
}
