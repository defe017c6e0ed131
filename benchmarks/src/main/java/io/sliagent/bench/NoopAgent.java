package io.sliagent.bench;

import java.lang.instrument.Instrumentation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A -javaagent that does nothing: the baseline of what loading any agent costs a JVM, apart from
 * what the agent then does. (On the H2 workload it alone changes what C2 scalar-replaces.)
 */
public final class NoopAgent {

  private NoopAgent() {}

  public static void premain(String args, Instrumentation inst) {
    System.err.println("[noop-agent] started");
  }

  /** Writes the agent's jar: this class and a manifest naming it. */
  static Path writeJar(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", NoopAgent.class.getName());
    String entry = NoopAgent.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream in = NoopAgent.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }
}
