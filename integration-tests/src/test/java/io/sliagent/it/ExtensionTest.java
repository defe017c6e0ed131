package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.sliagent.it.app.GreeterApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An extension jar, the example one for the sample library's GreeterClient, loaded with {@code
 * -Dsli.extensions=DIR}: its calls measured under the signal it declares, switched off by name,
 * selected by an objective, and broken extensions beside it reported once and skipped.
 *
 * <p>The application's class path is GreeterApp and the sample library only: an extension's
 * classes must not also be on it, since the extension's class loader asks the application's
 * class loader first, as every class loader does.
 */
class ExtensionTest {

  static final String RPC = "rpc.client.call.duration";
  static final String SERVICES = "META-INF/services/io.sliagent.api.Instrumentation";
  static final String REFUSED = "org.example.greeter.GreeterException";
  static final String OUTPUT = String.join("\n",
      "Hello, ada!", "Hello, grace!", "Hello, slow30!", "refused: no greeting for fail-1",
      "Hello, alan!", "Hello, barbara!", "refused: no greeting for fail-2", "Hello, edsger!",
      "refused: no greeting for fail-3", "Hello, donald!", "http 200", "http 200",
      "greeted 7, refused 3", "");

  static final String OBJECTIVES = String.join("\n",
      "objectives:",
      "  - name: greetings",
      "    rpc-client: { method: \"greeter.Greeter/*\" }",
      "    success: { target: 99% }",
      "");

  @TempDir
  Path tmp;

  @Test
  void anExtensionFromAJarIsMeasured() throws Exception {
    Path extensions = extensionDir();
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = greeterApp(server, receiver, extensions).run();
      assertEquals(0, run.exitCode, run.toString());
      assertEquals(OUTPUT, run.stdout);
      List<String> installed = run.instrumentations();
      assertTrue(installed.containsAll(List.of("jdk-http-client", "jdbc", "greeter")),
          run.stderr);
      assertEquals("greeter", installed.get(installed.size() - 1), "built-ins come first");

      Exported e = receiver.latest();
      assertGreetings(e, run.figure("greeter-port"));
      assertEquals(2, e.totalCount(EndToEndTest.HTTP));
    }
  }

  @Test
  void anExtensionIsSwitchedOffByName() throws Exception {
    Path extensions = extensionDir();
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = greeterApp(server, receiver, extensions)
          .jvmArg("-Dsli.instrumentation.greeter.enabled=false")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertEquals(OUTPUT, run.stdout);
      assertTrue(run.instrumentations().contains("jdbc"), run.stderr);
      assertFalse(run.instrumentations().contains("greeter"), run.stderr);

      Exported e = receiver.latest();
      assertEquals(List.of(), e.metrics(RPC));
      assertEquals(List.of(), e.metrics("sli." + RPC));
      assertEquals(2, e.totalCount(EndToEndTest.HTTP));
    }
  }

  @Test
  void anObjectiveSelectsTheExtensionsEndpoints() throws Exception {
    Path extensions = extensionDir();
    Path config = Files.writeString(tmp.resolve("sli.yaml"), OBJECTIVES);
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = greeterApp(server, receiver, extensions)
          .jvmArg("-Dsli.config=" + config)
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stderr.contains("objectives: " + config + ": 1 objective: greetings"),
          run.stderr);

      Exported e = receiver.latest();
      assertEquals(7, e.sloEvents("greetings", "success", "good"));
      assertEquals(3, e.sloEvents("greetings", "success", "bad"));
      assertGreetings(e, run.figure("greeter-port"));
    }

    // validate knows the extension's selector when it is told where the extensions are ...
    ForkedJvm.Result withExtensions = validate(config).env("SLI_EXTENSIONS", extensions.toString())
        .run();
    assertEquals(0, withExtensions.exitCode, withExtensions.toString());
    assertTrue(withExtensions.stdout.contains(config + ": OK, 1 objective: greetings"),
        withExtensions.toString());
    // ... and not otherwise.
    ForkedJvm.Result without = validate(config).run();
    assertEquals(1, without.exitCode, without.toString());
    assertTrue(without.stderr.contains(config + ":3:5: unknown key 'rpc-client'"), without.stderr);
  }

  @Test
  void brokenExtensionsAreReportedByNameAndSkipped() throws Exception {
    Path extensions = extensionDir();
    Path notAJar = Files.writeString(extensions.resolve("not-a-jar.jar"), "just some text\n");
    Path missingClass = jar(extensions.resolve("missing-class.jar"), Map.of(SERVICES,
        "org.example.missing.MissingInstrumentation\n".getBytes(StandardCharsets.UTF_8)));
    throwingExtension(extensions.resolve("throwing.jar"));
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      // The throwing extension's classes are on the application's class path too: its jar's own,
      // relocated copy must still be the one loaded, so it fails in its matcher, not in linking.
      ForkedJvm.Result run = greeterApp(server, receiver, extensions)
          .classpath(testClasses() + File.pathSeparator
              + System.getProperty("sli.it.sample.library.jar"))
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertEquals(OUTPUT, run.stdout);

      // Each named on one line, the first time it fails, and never again.
      assertEquals(1, linesNaming(run, notAJar.toString()), run.stderr);
      assertTrue(run.stderr.contains("extension " + notAJar + " is skipped: it is not a readable"
          + " jar"), run.stderr);
      assertEquals(1, linesNaming(run, "org.example.missing.MissingInstrumentation"), run.stderr);
      assertTrue(run.stderr.contains("instrumentation org.example.missing.MissingInstrumentation"
          + " of extension " + missingClass + " is skipped: it could not be loaded"), run.stderr);
      assertEquals(1, linesNaming(run, "instrumentation throwing "), run.stderr);
      assertTrue(run.stderr.contains("instrumentation throwing failed in its type matcher"),
          run.stderr);
      assertEquals(1, linesNaming(run, "java.lang.RuntimeException: boom"), run.stderr);

      Exported e = receiver.latest();
      assertGreetings(e, run.figure("greeter-port"));
      assertEquals(2, e.totalCount(EndToEndTest.HTTP));
    }
  }

  /** 7 greetings that succeeded and 3 refused, each point with exactly these attributes. */
  private static void assertGreetings(Exported e, long port) {
    Map<String, String> server = new LinkedHashMap<>();
    server.put("rpc.system.name", "greeter");
    server.put("rpc.method", "greeter.Greeter/Greet");
    server.put("server.address", "127.0.0.1");
    server.put("server.port", String.valueOf(port));
    Map<String, String> refused = new HashMap<>(server);
    refused.put("error.type", REFUSED);

    Map<Map<String, String>, Long> points = new HashMap<>();
    for (HistogramDataPoint p : e.histogram(RPC)) {
      points.merge(Exported.attributes(p.getAttributesList()), p.getCount(), Long::sum);
    }
    assertEquals(Map.of(server, 7L, refused, 3L), points);
    long summarized = 0;
    for (SummaryDataPoint p : e.summary("sli." + RPC)) {
      summarized += p.getCount();
    }
    assertEquals(10, summarized);
  }

  private static long linesNaming(ForkedJvm.Result run, String name) {
    return run.stderr.lines().filter(line -> line.contains(name)).count();
  }

  /** GreeterApp with the agent, exporting to {@code receiver}, with the extensions of a dir. */
  private ForkedJvm greeterApp(TestHttpServer server, OtlpReceiver receiver, Path extensions)
      throws IOException {
    return ForkedJvm.of(GreeterApp.class)
        .classpath(appClasspath())
        .jvmArg("-Dsli.extensions=" + extensions)
        .args(String.valueOf(server.port()))
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint());
  }

  /** {@code java -jar sli-agent.jar validate FILE}. */
  private static ForkedJvm validate(Path file) {
    return ForkedJvm.ofJar(ForkedJvm.agentJar()).withoutAgent().args("validate", file.toString());
  }

  /** A fresh directory holding a copy of the example extension's jar. */
  private Path extensionDir() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("extensions"));
    Path jar = Path.of(System.getProperty("sli.it.example.extension.jar"));
    assertTrue(Files.isRegularFile(jar), jar + " does not exist: build extensions/example first");
    Files.copy(jar, dir.resolve("greeter.jar"));
    return dir;
  }

  /** GreeterApp's class file alone, and the sample library. */
  private String appClasspath() throws IOException {
    Path app = tmp.resolve("app");
    String name = GreeterApp.class.getName().replace('.', '/') + ".class";
    if (!Files.exists(app.resolve(name))) {
      Files.createDirectories(app.resolve(name).getParent());
      Files.copy(testClasses().resolve(name), app.resolve(name));
    }
    return app + File.pathSeparator + System.getProperty("sli.it.sample.library.jar");
  }

  /** io.sliagent.it.ext (an instrumentation whose type matcher throws) as an extension jar. */
  private static Path throwingExtension(Path file) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(SERVICES,
        "io.sliagent.it.ext.ThrowingInstrumentation\n".getBytes(StandardCharsets.UTF_8));
    Path classes = testClasses();
    try (Stream<Path> files = Files.list(classes.resolve("io/sliagent/it/ext"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        entries.put(classes.relativize(f).toString().replace(File.separatorChar, '/'),
            Files.readAllBytes(f));
      }
    }
    return jar(file, entries);
  }

  private static Path jar(Path file, Map<String, byte[]> entries) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return file;
  }

  private static Path testClasses() {
    try {
      return Path.of(GreeterApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
