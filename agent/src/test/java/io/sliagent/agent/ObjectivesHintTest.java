package io.sliagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectivesHintTest {

  @Test
  void theClassesOfTheFilesJobMethodsAreFoundWithoutParsingIt() {
    String text = String.join("\n",
        "# a comment with a # in it",
        "objectives:",
        "  - name: etl",
        "    job: { method: \"com.acme.etl.NightlyEtl#run\" }",
        "  - name: reports",
        "    job: { method: 'com.acme.Reports$Weekly#*ly' }",
        "  - name: any",
        "    job:",
        "      method: com.acme.*#run",
        "  - name: again",
        "    job: { method: \"com.acme.etl.NightlyEtl#run\" }",
        "    http-client: { path: \"/a#b\" }",
        "");
    assertEquals(List.of("com.acme.etl.NightlyEtl", "com.acme.Reports$Weekly", "com.acme.*",
        "a"), ObjectivesHint.scan(text), "over-approximate: /a#b is no class, and waits in vain");
  }

  @Test
  void aFileThatCannotBeReadGivesNothing() {
    assertEquals(List.of(), ObjectivesHint.classes("/nonexistent/sli.yaml"));
    assertEquals(List.of(), ObjectivesHint.classes("/tmp"), "a directory");
    assertEquals(List.of(), ObjectivesHint.classes(null));
  }
}
