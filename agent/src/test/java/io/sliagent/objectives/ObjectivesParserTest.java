package io.sliagent.objectives;

import io.sliagent.api.Signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectivesParserTest {

  private static final String EXAMPLE = yaml(
      "service: checkout              # optional; default is OTEL_SERVICE_NAME",
      "window: 28d",
      "objectives:",
      "  - name: payments-api",
      "    http-client: { host: payments.internal, method: POST, path: \"/v1/charges/{id}\" }",
      "    latency: { threshold: 250ms, target: 99% }",
      "    success: { target: 99.9% }",
      "    window: 7d",
      "  - name: orders-db",
      "    jdbc: { database: orders, operation: SELECT, table: orders }",
      "    latency: { threshold: 20ms, target: 99.5% }");

  @Test
  void aRetriesSliTakesTheShareOfAttemptsThatMayBeRetries() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml", yaml(
        "objectives:",
        "  - name: payments",
        "    http-client: { host: payments.internal }",
        "    retries: { max-ratio: 5% }",
        "  - name: ledger",
        "    http-client: { host: ledger.internal }",
        "    success: { target: 99% }",
        "    retries: { max-ratio: 0.001 }"));
    assertProblems(parsed);
    assertEquals(List.of(Sli.retries(0.05)),
        parsed.objectives().objectives().get(0).slis());
    assertEquals("2 objectives: payments (retries <= 5%), ledger (success @ 99%,"
        + " retries <= 0.1%)", parsed.summary());
  }

  @Test
  void anExecutorsQueueWaitIsAnSliOfItsOwnJudgedLikeLatency() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml", yaml(
        "objectives:",
        "  - name: reports",
        "    executor: { name: \"report-*\" }",
        "    queue-wait: { threshold: 100ms, target: 99% }",
        "    latency: { threshold: 2s, target: 95% }"));
    assertProblems(parsed);
    Objective reports = parsed.objectives().objectives().get(0);
    assertEquals("executor", reports.selector().kind());
    assertEquals(List.of(Sli.measure("queue-wait", 100_000_000L, 0.99),
        Sli.latency(2_000_000_000L, 0.95)), reports.slis());
    assertTrue(reports.slis().get(0).isMeasure());
    assertEquals("1 objective: reports (queue-wait 100ms @ 99%, latency 2s @ 95%)",
        parsed.summary());
  }

  @Test
  void aJobsDurationIsItsLatencyUnderTheNameTheFileGivesIt() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml", yaml(
        "objectives:",
        "  - name: nightly-etl",
        "    job: { method: \"com.acme.etl.NightlyEtl#run\" }",
        "    duration: { threshold: 30m, target: 99% }",
        "    success: { target: 99% }"),
        List.of(Signal.HTTP_CLIENT, Signal.JOB));
    assertProblems(parsed);
    Objective etl = parsed.objectives().objectives().get(0);
    assertEquals(List.of(Sli.duration(30 * 60_000_000_000L, 0.99), Sli.success(0.99)),
        etl.slis());
    assertTrue(etl.slis().get(0).isLatency());
    assertEquals("1 objective: nightly-etl (duration 30m @ 99%, success @ 99%)",
        parsed.summary());
    assertProblems(ObjectivesParser.parse("f.yaml", yaml(
        "objectives:",
        "  - name: x",
        "    job: { method: NightlyEtl.run }",
        "    success: { target: 99% }",
        "  - name: y",
        "    http-client: { host: a }",
        "    duration: { threshold: 1s, target: 99% }"),
        List.of(Signal.HTTP_CLIENT, Signal.JOB)),
        "3:20: bad job method 'NightlyEtl.run': expected Class#method, e.g."
            + " com.acme.etl.NightlyEtl#run",
        "7:5: 'duration' applies to job objectives: a call's is 'latency'");
  }

  @Test
  void validFileBuildsTheModel() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("objectives.yaml", EXAMPLE);

    assertEquals(List.of(), parsed.problems());
    Objectives o = parsed.objectives();
    assertEquals("checkout", o.service());
    assertEquals(Duration.ofDays(28), o.window());
    assertEquals(2, o.objectives().size());

    Objective payments = o.objectives().get(0);
    assertEquals("payments-api", payments.name());
    assertEquals("http-client", payments.selector().kind());
    assertEquals(List.of("host", "method", "path"),
        new ArrayList<>(payments.selector().criteria().keySet()));
    assertEquals(Map.of("host", "payments.internal", "method", "POST", "path", "/v1/charges/{id}"),
        payments.selector().criteria());
    assertEquals(List.of(Sli.latency(250_000_000L, 0.99), Sli.success(0.999)), payments.slis());
    assertEquals(-1, payments.slis().get(1).thresholdNanos());
    assertEquals(Duration.ofDays(7), payments.window());

    Objective orders = o.objectives().get(1);
    assertEquals("orders-db", orders.name());
    assertEquals(Selector.of(io.sliagent.api.Signal.DB_CLIENT,
        Map.of("database", "orders", "operation", "SELECT", "table", "orders")), orders.selector());
    assertEquals(List.of(Sli.latency(20_000_000L, 0.995)), orders.slis());
    assertEquals(Duration.ofDays(28), orders.window(), "the file's window applies");

    assertEquals("2 objectives: payments-api (latency 250ms @ 99%, success @ 99.9%), "
        + "orders-db (latency 20ms @ 99.5%)", parsed.summary());
  }

  @Test
  void defaultsApplyWhenTheFileNamesNone() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml", yaml(
        "objectives:",
        "  - name: all-http",
        "    http-client: {}",
        "    success: { target: 0.95 }"));
    assertEquals(List.of(), parsed.problems());
    assertNull(parsed.objectives().service());
    assertEquals(Objectives.DEFAULT_WINDOW, parsed.objectives().window());
    Objective all = parsed.objectives().objectives().get(0);
    assertEquals(Objectives.DEFAULT_WINDOW, all.window());
    assertEquals(Map.of(), all.selector().criteria());
    assertEquals("1 objective: all-http (success @ 95%)", parsed.summary());
  }

  @Test
  void anObjectiveWithAnErrorIsDroppedAndTheOthersStay() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml", yaml(
        "objectives:",
        "  - name: first",
        "    jdbc: { table: a }",
        "    success: { target: 99% }",
        "  - name: broken",
        "    jdbc: { table: b }",
        "    latency: { threshold: 20, target: 99% }",
        "    success: { target: 99% }",
        "  - name: third",
        "    jdbc: { table: c }",
        "    success: { target: 99% }"));
    assertProblems(parsed, "7:27: bad duration '20': expected a number with a unit "
        + "(ms, s, m, h, d), e.g. 250ms");
    assertEquals("2 objectives: first (success @ 99%), third (success @ 99%)", parsed.summary());
  }

  @Test
  void aBrokenFileWindowDropsOnlyTheObjectivesThatRelyOnIt() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml", yaml(
        "window: 28",
        "objectives:",
        "  - name: relies",
        "    jdbc: { table: a }",
        "    success: { target: 99% }",
        "  - name: own",
        "    jdbc: { table: a }",
        "    success: { target: 99% }",
        "    window: 1h"));
    assertProblems(parsed, "1:9: bad duration '28': expected a number with a unit "
        + "(ms, s, m, h, d), e.g. 250ms");
    assertEquals("1 objective: own (success @ 99%)", parsed.summary());
    assertEquals(Duration.ofHours(1), parsed.objectives().objectives().get(0).window());
  }

  /** One objective, lines 1-4, into which a case splices its own lines. */
  private static String objective(String selector, String... slis) {
    List<String> lines = new ArrayList<>(List.of("objectives:", "  - name: x", "    " + selector));
    for (String sli : slis) {
      lines.add("    " + sli);
    }
    return yaml(lines.toArray(new String[0]));
  }

  static Stream<Arguments> errors() {
    String http = "http-client: { host: h }";
    String latency = "latency: { threshold: 250ms, target: 99% }";
    return Stream.of(
        // Durations and targets.
        Arguments.of(objective(http, "latency: { threshold: 250, target: 99% }"), List.of(
            "4:27: bad duration '250': expected a number with a unit (ms, s, m, h, d), "
                + "e.g. 250ms")),
        Arguments.of(objective(http, "latency: { threshold: 0ms, target: 99% }"), List.of(
            "4:27: bad duration '0ms': must be greater than 0")),
        Arguments.of(objective(http, "latency: { threshold: 250ms, target: 100% }"), List.of(
            "4:42: target 100% is outside (0, 100%)")),
        Arguments.of(objective(http, "success: { target: 99 }"), List.of(
            "4:24: target 99 is outside (0, 100%) (did you mean 99%?)")),
        Arguments.of(objective(http, "success: { target: high }"), List.of(
            "4:24: bad target 'high': expected a percentage like 99.9% or a fraction like 0.999")),
        // Unknown keys, at every level.
        Arguments.of(objective(http, "latency: { treshold: 250ms, target: 99% }"), List.of(
            "4:14: 'latency' requires a threshold, e.g. threshold: 250ms",
            "4:16: unknown key 'treshold' (did you mean 'threshold'?)")),
        Arguments.of(objective(http, latency, "foo: 1"), List.of(
            "5:5: unknown key 'foo' in objective (expected one of: name, http-client, jdbc, "
                + "executor, latency, success, retries, window, queue-wait)")),
        Arguments.of("servce: a\n", List.of("1:1: unknown key 'servce' (did you mean 'service'?)")),
        Arguments.of("colour: a\n", List.of("1:1: unknown key 'colour' at the top level "
            + "(expected one of: service, window, objectives)")),
        Arguments.of(objective("http-client: { hots: h, verb: GET }", latency), List.of(
            "3:20: unknown key 'hots' (did you mean 'host'?)",
            "3:29: unknown key 'verb' in http-client (expected one of: host, port, method, path)")),
        Arguments.of(objective("jdbc: { schema: s }", latency), List.of(
            "3:13: unknown key 'schema' in jdbc "
                + "(expected one of: system, database, operation, table, host)")),
        // Wrong types, naming the key.
        Arguments.of("objectives: { name: x }\n", List.of("1:13: expected a list of objectives")),
        Arguments.of("objectives:\n  - just-a-name\n",
            List.of("2:5: expected a mapping for an objective (name, selector, SLIs)")),
        Arguments.of(objective(http, "latency: 250ms"),
            List.of("4:14: expected a mapping for 'latency'")),
        Arguments.of(objective("jdbc: orders", latency),
            List.of("3:11: expected a mapping for 'jdbc'")),
        Arguments.of("service: [a, b]\n", List.of("1:10: expected a string for 'service'")),
        Arguments.of("window: { days: 2 }\n", List.of("1:9: expected a duration for 'window'")),
        Arguments.of("objectives:\n  - name:\n    jdbc: {}\n    success: { target: 99% }\n",
            List.of("2:10: missing value for 'name'")),
        Arguments.of(objective("http-client: { port: 99999 }", latency),
            List.of("3:26: bad port '99999': expected a number from 1 to 65535")),
        Arguments.of("? [a]\n: 1\n", List.of("1:3: expected a string key")),
        // Objective rules.
        Arguments.of("objectives:\n  - jdbc: {}\n    success: { target: 99% }\n",
            List.of("2:5: objective has no name")),
        Arguments.of("objectives:\n  - name: x\n    success: { target: 99% }\n",
            List.of("2:5: objective 'x' has no selector: add one of http-client, jdbc, executor")),
        Arguments.of(objective(http, "jdbc: {}", latency),
            List.of("4:5: objective 'x' has two selectors (http-client, jdbc): use one")),
        Arguments.of(objective(http, "window: 1h"),
            List.of("2:5: objective 'x' declares no SLI: add latency, success or retries")),
        Arguments.of(objective(http, "latency: { threshold: 250ms }"),
            List.of("4:14: 'latency' requires a target, e.g. target: 99.9%")),
        Arguments.of(objective(http, "success: {}"),
            List.of("4:14: 'success' requires a target, e.g. target: 99.9%")),
        Arguments.of(objective(http, "success: { threshold: 1s, target: 99% }"), List.of(
            "4:16: 'success' takes no threshold: it counts calls that end without error")),
        Arguments.of(objective(http, latency, "latency: { threshold: 1s, target: 90% }"),
            List.of("5:5: duplicate key 'latency'")),
        // Later capabilities are recognised, not unknown.
        Arguments.of(objective("consumer: { system: kafka }", latency),
            List.of("3:5: 'consumer' objectives are not supported by this version yet")),
        Arguments.of(objective(http, "freshness: { threshold: 2m, target: 99% }"),
            List.of("4:5: 'freshness' objectives are not supported by this version yet")),
        // A signal's further measure applies to its own objectives only, with a threshold.
        Arguments.of(objective(http, "queue-wait: { threshold: 1s, target: 99% }"), List.of(
            "4:5: 'queue-wait' does not apply to http-client objectives: it is measured for"
                + " executor")),
        Arguments.of(objective("executor: { name: report }", "queue-wait: { target: 99% }"),
            List.of("4:17: 'queue-wait' requires a threshold, e.g. threshold: 250ms")),
        Arguments.of(objective("executor: { nmae: report }", "success: { target: 99% }"),
            List.of("3:17: unknown key 'nmae' (did you mean 'name'?)")),
        // Retries.
        Arguments.of(objective(http, "retries: { max-ratio: 100% }"),
            List.of("4:27: max-ratio 100% is outside (0, 100%)")),
        Arguments.of(objective(http, "retries: { max-ratio: lots }"), List.of(
            "4:27: bad max-ratio 'lots': expected a percentage like 5% or a fraction like 0.05")),
        Arguments.of(objective(http, "retries: {}"),
            List.of("4:14: 'retries' requires a max-ratio, e.g. max-ratio: 5%")),
        Arguments.of(objective(http, "retries: { target: 95% }"), List.of(
            "4:16: 'retries' takes a max-ratio, the share of attempts that may be retries"
                + " (e.g. max-ratio: 5%), not a target")),
        // Only the offending token, cut to 40 characters, ever reaches a message.
        Arguments.of("window: " + "9".repeat(60) + "\n", List.of("1:9: bad duration '"
            + "9".repeat(40) + "...': expected a number with a unit (ms, s, m, h, d), e.g. 250ms")),
        // Malformed YAML: one problem at the parser's mark.
        Arguments.of("service: a: b\n", List.of("1:11: mapping values are not allowed here")),
        Arguments.of("objectives: [\n", List.of(
            "2:1: while parsing a flow node, expected the node content, "
                + "but found '<stream end>'")));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void reportsEachProblemAtItsNode(String text, List<String> expected) {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml", text);
    assertProblems(parsed, expected.toArray(new String[0]));
    assertEquals(List.of(), parsed.objectives().objectives());
  }

  @Test
  void aDuplicateNameDropsTheLaterObjective() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml", yaml(
        "objectives:",
        "  - name: payments-api",
        "    jdbc: {}",
        "    success: { target: 99% }",
        "  - name: payments-api",
        "    jdbc: {}",
        "    success: { target: 90% }"));
    assertProblems(parsed, "5:11: duplicate objective name 'payments-api' (first at line 2)");
    assertEquals("1 objective: payments-api (success @ 99%)", parsed.summary());
  }

  @Test
  void anUnquotedBraceInAFlowMappingGetsAHint() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml",
        EXAMPLE.replace("\"/v1/charges/{id}\"", "/v1/charges/{id}"));
    assertProblems(parsed, "5:77: while parsing a flow mapping, expected ',' or '}', but got { "
        + "(inside { } or [ ], quote a value containing { } [ ] or commas, "
        + "e.g. path: \"/v1/charges/{id}\")");
    assertEquals(List.of(), parsed.objectives().objectives());
  }

  @Test
  void problemsAreSortedByLineAndColumnAndPrintLikeACompiler() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("conf/slo.yaml", yaml(
        "objectives:",
        "  - name: x",
        "    jdbc: { tabel: t, databse: d }",
        "bogus: 1"));
    assertEquals(List.of(
        "conf/slo.yaml:2:5: objective 'x' declares no SLI: add latency, success or retries",
        "conf/slo.yaml:3:13: unknown key 'tabel' (did you mean 'table'?)",
        "conf/slo.yaml:3:23: unknown key 'databse' (did you mean 'database'?)",
        "conf/slo.yaml:4:1: unknown key 'bogus' at the top level "
            + "(expected one of: service, window, objectives)"),
        parsed.problems().stream().map(Problem::toString).collect(Collectors.toList()));
  }

  @Test
  void emptyOrCommentOnlyFilesDeclareNothing() {
    String[] texts = {"", "# just a comment\n", "---\n", "~\n", "objectives:\n", "\uFEFF"};
    for (String text : texts) {
      ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml", text);
      assertEquals(List.of(), parsed.problems(), text);
      assertEquals(List.of(), parsed.objectives().objectives(), text);
      assertEquals("0 objectives", parsed.summary());
    }
  }

  @Test
  void malformedYamlGivesOneProblemAndNoObjectives() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml",
        EXAMPLE + "\n  - name: [unclosed\n");
    assertProblems(parsed,
        "14:1: while parsing a flow sequence, expected ',' or ']', but got <stream end>");
    assertEquals(List.of(), parsed.objectives().objectives());
  }

  @Test
  void binaryGarbageIsNotAYamlTextFile(@TempDir Path dir) throws IOException {
    Path invalidUtf8 = dir.resolve("garbage.yaml");
    Files.write(invalidUtf8, new byte[] {(byte) 0xC3, (byte) 0x28, 0x50, 0x4B, 0x03, 0x04});
    assertProblems(ObjectivesParser.parse(invalidUtf8), "1:1: not a YAML text file");

    Path controlBytes = dir.resolve("zip.yaml");
    Files.write(controlBytes, new byte[] {0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00});
    assertProblems(ObjectivesParser.parse(controlBytes), "1:1: not a YAML text file");
  }

  @Test
  void unreadableOrHugeFilesAreReportedAtLineZero(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("absent.yaml");
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse(missing);
    assertEquals(List.of(new Problem(missing.toString(), 0, 0, "cannot read: NoSuchFileException")),
        parsed.problems());
    assertEquals(List.of(), parsed.objectives().objectives());

    Path huge = dir.resolve("huge.yaml");
    Files.write(huge, ("# " + "x".repeat(ObjectivesParser.MAX_BYTES) + "\n")
        .getBytes(StandardCharsets.UTF_8));
    assertProblems(ObjectivesParser.parse(huge), "0:0: file is larger than 1 MiB");
    String twoBytesEach = "#" + "é".repeat(ObjectivesParser.MAX_BYTES / 2);
    assertProblems(ObjectivesParser.parse("f.yaml", twoBytesEach),
        "0:0: file is larger than 1 MiB");
  }

  @Test
  void readsAFileFromDisk(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("objectives.yaml");
    Files.write(file, ("\uFEFF" + EXAMPLE).getBytes(StandardCharsets.UTF_8));
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse(file);
    assertEquals(List.of(), parsed.problems());
    assertEquals(2, parsed.objectives().objectives().size());
  }

  @Test
  void deepNestingAndAliasBombsDoNotEscape() {
    assertProblems(ObjectivesParser.parse("f.yaml", "[".repeat(500_000)),
        "1:1: nesting is too deep");
    String bomb = yaml("a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a]",
        "c: &c [*b, *b, *b, *b, *b, *b, *b]", "objectives: [*c, *c, *c, *c, *c, *c, *c, *c]");
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml", bomb);
    assertEquals(List.of(), parsed.objectives().objectives());
    assertTrue(parsed.problems().size() >= 1);
  }

  @Test
  void recursiveAliasesDoNotLoop() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("f.yaml", yaml(
        "objectives: &o",
        "  - name: x",
        "    jdbc: {}",
        "    success: *o"));
    assertEquals(List.of(), parsed.objectives().objectives());
    assertTrue(parsed.problems().size() >= 1, parsed.problems().toString());
  }

  private static void assertProblems(ObjectivesParser.Parsed parsed, String... expected) {
    List<String> actual = new ArrayList<>();
    for (Problem p : parsed.problems()) {
      actual.add(p.line() + ":" + p.column() + ": " + p.message());
    }
    assertEquals(List.of(expected), actual);
  }

  private static String yaml(String... lines) {
    return String.join("\n", lines) + "\n";
  }
}
