package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.support.ForkedJvm;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The built agent jar: an agent manifest, and every dependency relocated under our package. */
class JarLayoutTest {

  @Test
  void everyClassLivesUnderTheAgentsOwnPackage() throws Exception {
    List<String> strays = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.endsWith(".class")) {
          classes++;
          if (!name.startsWith("io/sliagent/")) {
            strays.add(name);
          }
        }
        if (name.startsWith("META-INF/services/") && !name.endsWith("/")
            && !name.startsWith("META-INF/services/io.sliagent.")) {
          strays.add(name);
        }
      }
    }
    assertTrue(classes > 1000, "the jar holds its dependencies: " + classes + " classes");
    assertEquals(List.of(), strays, "unrelocated third-party classes or services");
  }

  @Test
  void manifestMakesItAnAgent() throws Exception {
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("io.sliagent.agent.SliAgent", main.getValue("Premain-Class"));
      assertEquals("io.sliagent.agent.SliAgent", main.getValue("Agent-Class"));
      assertEquals("true", main.getValue("Can-Retransform-Classes"));
      assertEquals("io.sliagent.agent.Main", main.getValue("Main-Class"));
    }
  }

  @Test
  void agentBytecodeRunsOnJava11() throws Exception {
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (e.getName().startsWith("io/sliagent/") && e.getName().endsWith(".class")
            && !e.getName().startsWith("io/sliagent/shaded/")) {
          byte[] head = jar.getInputStream(e).readNBytes(8);
          int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
          assertTrue(major <= 55, e.getName() + " has class file version " + major);
        }
      }
    }
  }
}
