package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.support.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code java -jar sli-agent.jar validate FILE}, as an operator runs it. */
class ValidateCommandTest {

  @Test
  void cleanFileExitsZeroWithASummary() throws Exception {
    Path f = Files.createTempFile("sli", ".yaml");
    Files.writeString(f, ObjectivesTest.V2);
    Run r = validate(f);
    assertEquals(0, r.exit, r.err);
    assertTrue(r.out.contains(f + ": OK, 2 objectives: inventory"), r.out);
  }

  @Test
  void brokenFileExitsNonZeroWithFileLineColumn() throws Exception {
    Path f = Files.createTempFile("sli", ".yaml");
    Files.writeString(f, ObjectivesTest.V2.replace("target: 95%", "target: 101%")
        .replace("name: orders-db", "name: inventory"));
    Run r = validate(f);
    assertEquals(1, r.exit, r.out);
    assertTrue(r.err.contains(f + ":7:24: target 101% is outside (0, 100%)"), r.err);
    assertTrue(r.err.contains(f + ":8:11: duplicate objective name 'inventory' (first at line 4)"),
        r.err);
  }

  private static Run validate(Path file) throws Exception {
    Process p = new ProcessBuilder(List.of(System.getProperty("java.home") + "/bin/java", "-jar",
        ForkedJvm.agentJar().toString(), "validate", file.toString())).start();
    String out = new String(p.getInputStream().readAllBytes());
    String err = new String(p.getErrorStream().readAllBytes());
    return new Run(p.waitFor(), out, err);
  }

  private static final class Run {
    final int exit;
    final String out;
    final String err;

    Run(int exit, String out, String err) {
      this.exit = exit;
      this.out = out;
      this.err = err;
    }
  }
}
