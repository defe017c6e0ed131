package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.ExitApp;
import io.sliagent.it.support.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input never stops the application: broken objectives files and bad settings each get one
 * clear message naming the file (line, column) or the setting, and the application runs.
 */
class BadInputTest {

  @Test
  void brokenObjectivesFilesAreReportedAndTheApplicationRuns() throws Exception {
    Path dir = Files.createTempDirectory("sli-bad");
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    Path binary = Files.write(dir.resolve("binary.yaml"), garbage);
    Path malformed = Files.writeString(dir.resolve("malformed.yaml"),
        "objectives:\n  - name: a\n    latency: { threshold: 1s\n");
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
    Path wrong = Files.writeString(dir.resolve("wrong.yaml"), "objectives: 42\n");
    Path missing = dir.resolve("missing.yaml");
    Path huge = Files.writeString(dir.resolve("huge.yaml"), "# x\n".repeat(400_000));
    Path fifo = dir.resolve("fifo.yaml"); // opening it for reading would block until a writer
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());

    expectProblem(binary, binary + ":1:1: not a YAML text file");
    expectProblem(malformed, malformed + ":");
    expectProblem(wrong, wrong + ":1:13: expected a list of objectives");
    expectProblem(missing, missing + ":0:0: cannot read");
    expectProblem(huge, huge + ":0:0: file is larger than 1 MiB");
    expectProblem(fifo, fifo + ":0:0: not a regular file (a directory, FIFO or device)");
    expectProblem(dir, dir + ":0:0: not a regular file (a directory, FIFO or device)");
    ForkedJvm.Result ok = run("config=" + empty, null);
    assertTrue(ok.stderr.contains("objectives: " + empty + ": 0 objectives"), ok.stderr);
  }

  @Test
  void badSettingsNameTheSetting() throws Exception {
    ForkedJvm.Result r = run("nonsense", null);
    assertTrue(r.stderr.contains("agent argument 'nonsense' is not key=value"), r.stderr);
    r = run(null, "-Dsli.max.endpoints=lots");
    assertTrue(r.stderr.contains(
        "system property sli.max.endpoints=lots: expected a whole number from 1 to 1000000"),
        r.stderr);
    r = run(null, "-Dotel.exporter.otlp.protocol=carrier-pigeon");
    assertTrue(r.stderr.contains("otel.exporter.otlp.protocol=carrier-pigeon: expected grpc or"
        + " http/protobuf"), r.stderr);
    // Read at start, though the exporter is built only when the first export is due.
    String missing = "/nonexistent/ca.pem";
    r = ForkedJvm.of(ExitApp.class).args("0")
        .jvmArg("-Dotel.exporter.otlp.certificate=" + missing).run();
    assertEquals(0, r.exitCode, r.toString());
    assertEquals("exiting with 0\n", r.stdout);
    assertTrue(r.stderr.contains("metrics export is off: otel.exporter.otlp.certificate="
        + missing + ": cannot read the file (NoSuchFileException); calls are still measured"),
        r.stderr);
  }

  private static void expectProblem(Path file, String message) throws Exception {
    ForkedJvm.Result r = run("config=" + file, null);
    assertTrue(r.stderr.contains("[sli-agent] ERROR " + message), r.stderr);
  }

  private static ForkedJvm.Result run(String agentArgs, String jvmArg) throws Exception {
    ForkedJvm jvm = ForkedJvm.of(ExitApp.class).args("0").env("OTEL_METRICS_EXPORTER", "none");
    if (agentArgs != null) {
      jvm.agentArgs(agentArgs);
    }
    if (jvmArg != null) {
      jvm.jvmArg(jvmArg);
    }
    ForkedJvm.Result r = jvm.run();
    assertEquals(0, r.exitCode, r.toString());
    assertEquals("exiting with 0\n", r.stdout);
    return r;
  }
}
