package io.sliagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.api.Instrumentation;
import io.sliagent.api.Target;
import io.sliagent.api.TypeInfo;
import io.sliagent.discovery.Discovery;
import io.sliagent.instrumentation.httpclient.HttpClientInstrumentation;
import io.sliagent.instrumentation.jdbc.JdbcInstrumentation;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The name pre-filter must let through every class the type matchers would change: a class
 * it rejects is never instrumented. Checked against every class of a real JDBC driver (H2) and
 * of the JDK's HTTP client and URL-connection packages, for every instrumentation the agent
 * discovers.
 */
class MayChangeTest {

  @Test
  void everyClassTheMatchersChangePassesTheNameTest() throws Exception {
    List<Class<?>> classes = new ArrayList<>();
    classes.addAll(jarClasses(org.h2.Driver.class));
    classes.addAll(jdkClasses("java.net.http", "jdk/internal/net/http"));
    classes.addAll(jdkClasses("java.base", "sun/net/www/protocol/http"));

    Set<String> matched = new TreeSet<>();
    // The classes as the agent sees them as they load: read from their class files.
    Hierarchy hierarchy = new Hierarchy(MayChangeTest.class.getClassLoader());
    for (Instrumentation i : Discovery.find(null, List.of())) {
      for (Class<?> c : classes) {
        TypeInfo type = ClassInfo.read(AdviceTransformers.classFile(c.getClassLoader(),
            c.getName()), hierarchy);
        for (Target t : i.targets()) {
          if (t.typeMatcher().matches(type)) {
            matched.add(c.getName());
            assertTrue(i.mayChange(c.getName().replace('.', '/')),
                i.name() + " changes " + c.getName() + " but its name test rejects it");
          }
        }
      }
    }
    // Not vacuous: the classes each instrumentation exists for were among them.
    for (String expected : List.of("org.h2.Driver", "org.h2.jdbc.JdbcConnection",
        "org.h2.jdbc.JdbcPreparedStatement", "jdk.internal.net.http.HttpClientImpl",
        "sun.net.www.protocol.http.HttpURLConnection")) {
      assertTrue(matched.contains(expected), expected + " not matched: " + matched);
    }
  }

  @Test
  void mostClassesAreRejectedByNameAlone() {
    JdbcInstrumentation jdbc = new JdbcInstrumentation();
    assertEquals(false, jdbc.mayChange("java/sql/Connection"));
    assertEquals(false, jdbc.mayChange("com/example/OrderService"));
    assertEquals(true, jdbc.mayChange("com/zaxxer/hikari/pool/HikariProxyPreparedStatement"));
    assertEquals(false, new HttpClientInstrumentation().mayChange("java/net/http/HttpClient"));
  }

  private static List<Class<?>> jarClasses(Class<?> inJar) throws Exception {
    Path jar = Path.of(inJar.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> out = new ArrayList<>();
    try (JarFile f = new JarFile(jar.toFile())) {
      f.stream().map(e -> e.getName())
          .filter(n -> n.endsWith(".class") && !n.contains("-") && !n.startsWith("META-INF"))
          .forEach(n -> load(n, out));
    }
    return out;
  }

  private static List<Class<?>> jdkClasses(String module, String pkg) throws IOException {
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(jrt.getPath("/modules", module, pkg))) {
      files.map(p -> p.toString().substring(("/modules/" + module + "/").length()))
          .filter(n -> n.endsWith(".class")).forEach(n -> load(n, out));
    }
    return out;
  }

  private static void load(String classFile, List<Class<?>> out) {
    String name = classFile.substring(0, classFile.length() - ".class".length()).replace('/', '.');
    try {
      out.add(Class.forName(name, false, MayChangeTest.class.getClassLoader()));
    } catch (Throwable optionalDependencyMissing) {
      // A class that cannot load here is not one a JVM could load either.
    }
  }
}
