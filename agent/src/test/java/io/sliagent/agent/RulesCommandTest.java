package io.sliagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar sli-agent.jar rules FILE}: its output streams and exit codes. */
class RulesCommandTest {

  private static final String FILE = String.join("\n",
      "service: checkout",
      "objectives:",
      "  - name: payments-api",
      "    http-client: { host: payments.internal }",
      "    success: { target: 99.9% }",
      "");

  @TempDir
  Path dir;

  @Test
  void aBrokenFileGetsValidatesMessagesAndExitsOne() throws Exception {
    Path f = dir.resolve("sli.yaml");
    Files.writeString(f, FILE.replace("99.9%", "101%"));
    CommandRun rules = run("rules", f.toString());
    CommandRun validate = run("validate", f.toString());
    assertEquals(1, rules.exit);
    assertEquals("", rules.out);
    assertTrue(rules.err.startsWith(f + ":5:24: target 101% is outside (0, 100%)"), rules.err);
    assertEquals(validate.err, rules.err);
  }

  @Test
  void theServiceIsTheOneTheAgentWouldExport() throws Exception {
    Path f = dir.resolve("sli.yaml");
    Files.writeString(f, FILE);
    CommandRun fromFile = run("rules", f.toString());
    assertEquals(0, fromFile.exit, fromFile.err);
    assertTrue(fromFile.out.contains("job=~\"(.+/)?checkout\""), fromFile.out);
    // OTEL_SERVICE_NAME, or its system property, wins over the file, as in the agent.
    System.setProperty("otel.service.name", "billing");
    try {
      CommandRun fromSetting = run("rules", f.toString());
      assertEquals(0, fromSetting.exit, fromSetting.err);
      assertTrue(fromSetting.out.contains("job=~\"(.+/)?billing\""), fromSetting.out);
      assertTrue(!fromSetting.out.contains("checkout\""), fromSetting.out);
    } finally {
      System.clearProperty("otel.service.name");
    }
  }

  @Test
  void helpNamesTheCommand() throws Exception {
    assertTrue(run("--help").out.contains("sli-agent.jar rules FILE"));
    assertEquals(2, run("rules").exit);
  }

  private static CommandRun run(String... args) {
    return CommandRun.of(args);
  }
}
