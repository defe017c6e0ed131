package io.sliagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar sli-agent.jar openslo FILE}, and {@code validate} reading what it wrote. */
class OpenSloCommandTest {

  private static final String FILE = String.join("\n",
      "service: checkout",
      "objectives:",
      "  - name: payments-api",
      "    http-client: { host: payments.internal, method: POST }",
      "    latency: { threshold: 250ms, target: 99% }",
      "    success: { target: 99.9% }",
      "    retries: { max-ratio: 5% }",
      "  - name: orders-db",
      "    jdbc: { database: orders, operation: SELECT }",
      "    latency: { threshold: 20ms, target: 99.5% }",
      "    window: 7d",
      "  - name: report-pool",
      "    executor: { name: \"report*\" }",
      "    queue-wait: { threshold: 100ms, target: 99% }",
      "");

  @TempDir
  Path dir;

  @Test
  void validateReadsWhatOpensloWroteAsTheSameObjectives() throws Exception {
    Path f = dir.resolve("sli.yaml");
    Files.writeString(f, FILE);
    CommandRun openslo = run("openslo", f.toString());
    assertEquals(0, openslo.exit, openslo.err);
    assertEquals("", openslo.err);
    assertTrue(openslo.out.startsWith("# OpenSLO v1 documents for the objectives of " + f
        + ", written by sli-agent "), openslo.out);
    Path written = dir.resolve("slo.yaml");
    Files.writeString(written, openslo.out);
    CommandRun original = run("validate", f.toString());
    CommandRun back = run("validate", written.toString());
    assertEquals(0, back.exit, back.err);
    assertEquals("", back.err);
    assertEquals(original.out.replace(f.toString(), written.toString()), back.out);
    assertTrue(back.out.contains("3 objectives: payments-api (latency 250ms @ 99%, success @"
        + " 99.9%, retries <= 5%), orders-db (latency 20ms @ 99.5%), report-pool (queue-wait"
        + " 100ms @ 99%)"), back.out);
    // rules reads the OpenSLO file too, and writes the same rules as for the original.
    assertEquals(run("rules", f.toString()).out.replace(f.toString(), written.toString()),
        run("rules", written.toString()).out);
  }

  @Test
  void aBrokenFileGetsValidatesMessagesAndExitsOne() throws Exception {
    Path f = dir.resolve("sli.yaml");
    Files.writeString(f, FILE.replace("99.9%", "101%"));
    CommandRun openslo = run("openslo", f.toString());
    assertEquals(1, openslo.exit);
    assertEquals("", openslo.out);
    assertTrue(openslo.err.startsWith(f + ":6:24: target 101% is outside (0, 100%)"),
        openslo.err);
    assertEquals(run("validate", f.toString()).err, openslo.err);
  }

  @Test
  void aWindowOpenSloCannotWriteIsAnErrorNamingTheObjective() throws Exception {
    Path f = dir.resolve("sli.yaml");
    Files.writeString(f, FILE.replace("window: 7d", "window: 90s"));
    CommandRun openslo = run("openslo", f.toString());
    assertEquals(1, openslo.exit);
    assertEquals("", openslo.out);
    assertEquals(f + ": objective 'orders-db': OpenSLO writes windows in whole minutes, hours or"
        + " days, not 90s\n", openslo.err.replace("\r\n", "\n"));
  }

  @Test
  void validateSaysWhatItReadPastAndStillPasses() throws Exception {
    Path f = dir.resolve("sli.yaml");
    Files.writeString(f, FILE);
    String slos = run("openslo", f.toString()).out;
    Path written = dir.resolve("slo.yaml");
    Files.writeString(written, slos + "---\napiVersion: openslo/v1\nkind: Service\n"
        + "metadata: { name: checkout }\nspec: {}\n");
    CommandRun validate = run("validate", written.toString());
    assertEquals(0, validate.exit, validate.err);
    int line = slos.split("\n", -1).length + 2; // after its lines, "---" and apiVersion
    assertEquals(written + ":" + line + ":7: ignored: kind Service (the agent judges SLOs; alerts"
        + " come from the rules command)\n", validate.err.replace("\r\n", "\n"));
  }

  @Test
  void helpNamesTheCommandAndAWrongCallIsAUsageError() {
    assertTrue(run("--help").out.contains("sli-agent.jar openslo FILE"));
    CommandRun bare = run("openslo");
    assertEquals(2, bare.exit);
    assertEquals("usage: java -jar sli-agent.jar openslo FILE", bare.err.trim());
    assertEquals(2, run("openslo", "a.yaml", "b.yaml").exit);
  }

  private static CommandRun run(String... args) {
    return CommandRun.of(args);
  }
}
