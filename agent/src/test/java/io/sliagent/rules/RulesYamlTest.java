package io.sliagent.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.objectives.Objective;
import io.sliagent.objectives.Objectives;
import io.sliagent.objectives.Sli;
import io.sliagent.prometheus.PrometheusNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The rule file as YAML: what a YAML reader gets back from it, whatever the names hold. */
class RulesYamlTest {

  // Everything YAML treats specially, and the characters some readers take for line breaks.
  private static final List<String> NAMES = List.of("payments-api", "yes", "null", "1.5", "5m:",
      "#z", "- x", "a: b", "'q'", "\"dq\"", "back\\slash", "tab\there", "new\nline",
      "ls\u2028ps\u2029nel\u0085bom\uFEFF", "del\u007f", "ü {{ $x }}", " lead", "trail ", "");

  @Test
  void everyLabelReadsBackAsTheObjectiveAndServiceNamedIt() {
    List<Objective> objectives = new ArrayList<>();
    for (String name : NAMES) {
      objectives.add(new Objective(name,
          io.sliagent.objectives.Selector.of(io.sliagent.api.Signal.HTTP_CLIENT, Map.of()),
          List.of(Sli.success(0.999)), Duration.ofDays(28)));
    }
    String service = "svc: \"x\"\n";
    String text = RuleFile.write(new Objectives(service, Duration.ofDays(28), objectives), service,
        "f.yaml", "test");
    Map<?, ?> file = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(text);
    List<?> groups = (List<?>) file.get("groups");
    assertEquals(NAMES.size(), groups.size());
    for (int i = 0; i < NAMES.size(); i++) {
      Map<?, ?> group = (Map<?, ?>) groups.get(i);
      assertEquals("sli-agent/" + service + "/" + NAMES.get(i) + "-success", group.get("name"));
      for (Object r : (List<?>) group.get("rules")) {
        Map<?, ?> rule = (Map<?, ?>) r;
        Map<?, ?> labels = (Map<?, ?>) rule.get("labels");
        if (rule.containsKey("record")) {
          assertEquals(NAMES.get(i), labels.get(PrometheusNames.OBJECTIVE), rule.toString());
          assertEquals(service, labels.get("sloth_service"));
          assertEquals(service + "-" + NAMES.get(i) + "-success", labels.get("sloth_id"));
        } else {
          assertEquals(RuleFile.literalTemplate(service + "-" + NAMES.get(i) + "-success"),
              labels.get("sloth_id"));
        }
        // PromQL strings carry no raw control or line-breaking character.
        String expr = String.valueOf(rule.get("expr"));
        for (char c : expr.toCharArray()) {
          assertTrue(c == '\n' || !YamlText.unprintable(c), expr);
        }
      }
    }
  }

  @Test
  void plainScalarsOnlyWhereYamlReadsAString() {
    for (String s : List.of("checkout", "payments-api", "5m", "28d", "slo:objective:ratio")) {
      assertEquals(s, YamlText.scalar(s));
    }
    for (String s : List.of("yes", "No", "null", "1.5", "1e3", "0x1f", "5m:", "a b", "")) {
      assertTrue(YamlText.scalar(s).startsWith("\""), s);
    }
  }

  @Test
  void promqlStringsAndRegexesQuoteWhatTheyMust() {
    assertEquals("\"a\\\"b\\\\c\\u000ad\"", PromQl.string("a\"b\\c\nd"));
    assertEquals("pay\\.v2\\+\\(eu\\)\\|\\[x\\]\\{1\\}\\^\\$\\*\\?\\\\",
        PromQl.quoteRegex("pay.v2+(eu)|[x]{1}^$*?\\"));
    assertEquals("{{`{{`}} $x }}", RuleFile.literalTemplate("{{ $x }}"));
  }

  @Test
  void windowsAreWrittenInTheirLargestWholeUnit() {
    assertEquals("28d", PromQl.duration(Duration.ofDays(28)));
    assertEquals("36h", PromQl.duration(Duration.ofHours(36)));
    assertEquals("90m", PromQl.duration(Duration.ofMinutes(90)));
    assertEquals("90s", PromQl.duration(Duration.ofSeconds(90)));
    assertEquals("1500ms", PromQl.duration(Duration.ofMillis(1500)));
  }
}
