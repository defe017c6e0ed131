package io.sliagent.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.sliagent.objectives.ObjectivesParser;
import io.sliagent.api.Signal;
import io.sliagent.recording.Bindings;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SloEngineTest {

  static final Attributes CHARGES = Attributes.builder()
      .put(AttributeKey.stringKey("http.request.method"), "POST")
      .put(AttributeKey.stringKey("server.address"), "payments.internal")
      .put(AttributeKey.longKey("server.port"), 443L)
      .put(AttributeKey.stringKey("url.template"), "/v1/charges/{id}")
      .build();

  final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
  final SloEngine engine = new SloEngine(clock::get);

  @Test
  void oneEndpointFeedsEveryObjectiveThatSelectsIt() {
    engine.load(ObjectivesParser.parse("sli.yaml", String.join("\n",
        "objectives:",
        "  - name: payments",
        "    http-client: { host: payments.internal }",
        "    latency: { threshold: 250ms, target: 99% }",
        "    success: { target: 99.9% }",
        "  - name: charges",
        "    http-client: { method: post, path: \"/v1/charges/*\" }",
        "    latency: { threshold: 100ms, target: 95% }",
        "  - name: other-host",
        "    http-client: { host: ledger.internal }",
        "    success: { target: 99% }",
        "  - name: db",
        "    jdbc: { system: postgresql }",
        "    success: { target: 99% }")).objectives());
    Bindings.Sink[] bindings = engine.sinksFor(Signal.HTTP_CLIENT, CHARGES);
    assertEquals(3, bindings.length);
    long[] durationsMs = {50, 120, 300, 80};
    boolean[] failed = {false, false, false, true};
    for (int i = 0; i < durationsMs.length; i++) {
      for (Bindings.Sink b : bindings) {
        b.record(durationsMs[i] * 1_000_000, failed[i], 1, 0);
      }
    }
    assertEquals(3, counter("payments", "latency").good()); // <= 250ms, the failure included
    assertEquals(3, counter("payments", "success").good());
    assertEquals(2, counter("charges", "latency").good()); // <= 100ms
    assertEquals(4, counter("charges", "latency").total());
    assertEquals(0, counter("other-host", "success").total());
    assertEquals(java.util.List.of(250_000_000L, 100_000_000L),
        engine.thresholdsNanos(Signal.HTTP_CLIENT, "latency"));
  }

  /** Every attempt is an event; a retry, whether a loop's or the client's own, a bad one. */
  @Test
  void aRetriesSliCountsAttemptsAndRetries() {
    engine.load(ObjectivesParser.parse("sli.yaml", String.join("\n",
        "objectives:",
        "  - name: charges",
        "    http-client: { method: post, path: \"/v1/charges/*\" }",
        "    success: { target: 99% }",
        "    retries: { max-ratio: 5% }")).objectives());
    Bindings.Sink[] bindings = engine.sinksFor(Signal.HTTP_CLIENT, CHARGES);
    assertEquals(2, bindings.length);
    int[][] calls = {{1, 0}, {1, 0}, {1, 0}, {1, 1}, {1, 1}, {3, 2}}; // {attempts, retries}
    for (int[] c : calls) {
      for (Bindings.Sink b : bindings) {
        b.record(1_000_000, c[1] > 0, c[0], c[1]);
      }
    }
    assertEquals(4, counter("charges", "retries").good());
    assertEquals(4, counter("charges", "retries").bad());
    assertEquals(0.95, state("charges", "retries").sli().target(), 1e-12);
    assertEquals("retries <= 5%", state("charges", "retries").sli().toString());
    assertEquals(6, counter("charges", "success").total()); // the call is one success event
  }

  @Test
  void aReloadKeepsTheCountsOfUnchangedSlis() {
    String v1 = String.join("\n",
        "objectives:",
        "  - name: payments",
        "    http-client: { host: payments.internal }",
        "    latency: { threshold: 250ms, target: 99% }",
        "    success: { target: 99.9% }");
    engine.load(ObjectivesParser.parse("sli.yaml", v1).objectives());
    for (Bindings.Sink b : engine.sinksFor(Signal.HTTP_CLIENT, CHARGES)) {
      b.record(1_000_000, false, 1, 0);
    }
    // target changed for success (counts kept), threshold changed for latency (counts restart)
    engine.load(ObjectivesParser.parse("sli.yaml", v1.replace("99.9%", "99.5%")
        .replace("250ms", "300ms")).objectives());
    assertEquals(1, counter("payments", "success").total());
    assertEquals(0.995, state("payments", "success").sli().target(), 1e-12);
    assertEquals(0, counter("payments", "latency").total());
  }

  private SliCounter counter(String name, String sli) {
    return state(name, sli).counter();
  }

  private SliState state(String name, String sli) {
    for (SliState s : engine.states()) {
      if (s.objective().name().equals(name) && s.sli().type().equals(sli)) {
        return s;
      }
    }
    throw new AssertionError(name + "/" + sli);
  }
}
