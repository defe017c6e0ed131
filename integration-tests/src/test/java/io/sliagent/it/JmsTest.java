package io.sliagent.it;

import static io.sliagent.it.support.Exported.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.sliagent.it.app.JmsConsumersApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * JMS messages measured in a forked application with the agent, against an embedded ActiveMQ
 * Artemis broker, as exported over OTLP: a transacted receive loop (processing from receive to
 * commit, failed at rollback) and a listener (failed when it throws, measured once when it
 * delegates to another), exact counts, message age and an objective's {@code slo.events}.
 */
class JmsTest {

  static final String PROCESS = "messaging.process.duration";
  static final String AGE = "sli.messaging.message.age";

  @Test
  void receivedAndListenedMessagesTheirFailuresAndAgeAreCountedExactly() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Path objectives = Files.writeString(Files.createTempFile("sli-jms", ".yaml"),
          String.join("\n",
              "objectives:",
              "  - name: orders",
              "    consumer: { system: jms, destination: sli-it-orders }",
              "    success: { target: 99% }",
              "    freshness: { threshold: 1s, target: 99% }",
              ""));
      ForkedJvm.Result run = ForkedJvm.of(JmsConsumersApp.class)
          .agentArgs("config=" + objectives)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stdout.contains("orders [ok, ok, rolled back, fail, ok, ok]"), run.stdout);
      assertTrue(run.stdout.contains("events [a, b failed, b, c]")
          || run.stdout.contains("events [a, b failed, c, b]"), run.stdout);

      Exported e = receiver.latest();
      assertEquals(Set.of("sli-it-orders", "sli-it-events"),
          e.values(PROCESS, "messaging.destination.name"), () -> e.histogram(PROCESS).toString());
      assertEquals(Set.of("jms"), e.values(PROCESS, "messaging.system"));

      Map<String, String> orders = Map.of("messaging.system", "jms",
          "messaging.destination.name", "sli-it-orders");
      assertEquals(6, e.count(PROCESS, orders));
      assertEquals(1, e.count(PROCESS, with(orders, "error.type", "rollback")));
      // The first three (one of them twice) waited 1.5 s; the last two hardly at all.
      assertEquals(6, e.count(AGE, orders));
      HistogramDataPoint ages = point(e, AGE, orders);
      assertTrue(ages.getMax() >= 1.5 && ages.getMax() < 30 && ages.getMin() < 1.0,
          "message age reflects the time in the queue: " + ages);
      assertEquals(5, e.sloEvents("orders", "success", "good"));
      assertEquals(1, e.sloEvents("orders", "success", "bad"));
      assertEquals(2, e.sloEvents("orders", "freshness", "good"));
      assertEquals(4, e.sloEvents("orders", "freshness", "bad"));

      // A listener delegating to another is measured once: 4 calls, not 8.
      Map<String, String> events = Map.of("messaging.destination.name", "sli-it-events");
      assertEquals(4, e.count(PROCESS, events));
      assertEquals(1, e.count(PROCESS, with(events, "error.type",
          "java.lang.IllegalStateException")));
      assertEquals(4, e.count(AGE, events));
    }
  }

  private static HistogramDataPoint point(Exported e, String metric, Map<String, String> match) {
    for (HistogramDataPoint p : e.histogram(metric)) {
      if (Exported.matches(Exported.attributes(p.getAttributesList()), match)) {
        return p;
      }
    }
    throw new AssertionError("no " + metric + " point for " + match);
  }
}
