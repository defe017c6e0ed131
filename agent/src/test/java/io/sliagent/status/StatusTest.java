package io.sliagent.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Signal;
import io.sliagent.objectives.ObjectivesParser;
import io.sliagent.recording.Recording;
import io.sliagent.slo.SloEngine;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The page and its JSON from a real SLO engine and recording: numbers, escaping, history. */
class StatusTest {

  static final String EVIL = "</td><script>alert(1)</script>\"'&";

  final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
  final SloEngine engine = new SloEngine(clock::get);
  final Recording recording = new Recording(100, engine);

  @Test
  void showsEachObjectiveWithItsNumbersAndEscapesEveryName() {
    engine.load(ObjectivesParser.parse("sli.yaml", String.join("\n",
        "service: \"shop<&>\"",
        "window: 1h",
        "objectives:",
        "  - name: \"pay</td><script>alert(1)</script>\\\"'&\"",
        "    http-client: { host: payments.internal }",
        "    success: { target: 90% }",
        "    latency: { threshold: 100ms, target: 99% }")).objectives());
    var payments = recording.registry(Signal.HTTP_CLIENT).endpoint("p",
        k -> EndpointAttributes.builder().put("server.address", "payments.internal")
            .put("url.template", "/charges").build());
    for (int i = 0; i < 8; i++) {
      payments.record(20_000_000L, 200, null); // 20 ms
    }
    payments.record(500_000_000L, 503, "503"); // 500 ms, failed
    payments.record(30_000_000L, 500, "500");
    var other = recording.registry(Signal.HTTP_CLIENT).endpoint("o",
        k -> EndpointAttributes.builder().put("server.address", "ledger.internal")
            .put("url.template", "/x/" + EVIL).build());
    other.record(5_000_000L, 200, null);
    clock.addAndGet(90_000); // a minute and a half later

    Status s = Status.read(engine, recording, 0);
    assertEquals(2, s.objectives.size());
    Status.Row success = s.objectives.get(0);
    assertEquals(8, success.good);
    assertEquals(2, success.bad);
    assertEquals(0.8, success.attainment, 1e-12);
    assertEquals(1 - 0.2 / 0.1, success.budgetRemaining, 1e-12); // overspent: -100%
    assertEquals(2.0, success.burnRates.get("5m"), 1e-12);
    assertEquals(10, success.calls);
    assertEquals(20, success.p50Millis, 0.2); // HdrHistogram, 2 digits
    assertEquals(500, success.p99Millis, 5);
    long[] sum = new long[2];
    for (long[] gt : success.history) {
      sum[0] += gt[0];
      sum[1] += gt[1];
    }
    assertEquals(60, success.history.length);
    assertEquals(8, sum[0]);
    assertEquals(10, sum[1]);
    Status.Row latency = s.objectives.get(1);
    assertEquals(9, latency.good);
    assertEquals(1, latency.bad);
    assertEquals(1, s.others.size());
    assertEquals(1, s.others.get(0).calls);
    assertEquals(0, s.others.get(0).failed);

    String page = StatusPage.write(s);
    assertFalse(page.contains("<script>alert"), page);
    assertFalse(page.contains("shop<&>"), page);
    assertTrue(page.contains("pay&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"),
        page);
    assertTrue(page.contains("/x/&lt;/td&gt;&lt;script&gt;"), page);
    assertTrue(page.contains("<td class=\"attainment\">80.000%</td>"), page);
    assertTrue(page.contains("<td class=\"burn-5m\">2.00</td>"), page);
    assertTrue(page.contains("<span class=\"v\">-100.0%</span>"), page);
    // exactly one script, the one the page's Content-Security-Policy lets run
    assertEquals(page.indexOf("<script>"), page.lastIndexOf("<script>"));
    assertTrue(page.contains("<script>" + StatusPage.SCRIPT + "</script>"));

    String json = StatusJson.write(s);
    assertFalse(json.contains("<"), json);
    assertTrue(json.contains("\"name\":\"pay\\u003c/td\\u003e\\u003cscript\\u003ealert(1)"
        + "\\u003c/script\\u003e\\\"'\\u0026\""), json);
    assertTrue(json.contains("\"good\":8,\"bad\":2,\"attainment\":0.8,"), json);
    assertTrue(json.contains("\"errorBudgetRemaining\":-1.0"), json);
  }

  @Test
  void withoutCallsThereIsNoLatencyRatherThanAFalseZero() {
    engine.load(ObjectivesParser.parse("sli.yaml", String.join("\n",
        "objectives:",
        "  - name: db",
        "    jdbc: { system: postgresql }",
        "    success: { target: 99% }")).objectives());
    Status s = Status.read(engine, recording, 0);
    assertTrue(Double.isNaN(s.objectives.get(0).p50Millis));
    assertEquals(1.0, s.objectives.get(0).attainment);
    String json = StatusJson.write(s);
    assertTrue(json.contains("\"calls\":0,\"p50Ms\":null,\"p99Ms\":null"), json);
    assertTrue(StatusPage.write(s).contains("<td class=\"p50\">-</td>"));
  }
}
