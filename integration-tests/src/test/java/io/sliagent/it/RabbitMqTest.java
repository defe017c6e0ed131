package io.sliagent.it;

import static io.sliagent.it.support.Exported.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.sliagent.it.app.RabbitConsumersApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ deliveries measured in a forked application with the agent, against a real broker
 * ({@link #uri}), as exported over OTLP: exact counts of deliveries processed per queue, failed
 * by a throw, a nack or a reject (during {@code handleDelivery} or after it), the age of messages
 * that waited in the queue, and an objective's {@code slo.events}.
 */
class RabbitMqTest {

  static final String PROCESS = "messaging.process.duration";
  static final String AGE = "sli.messaging.message.age";

  /**
   * The broker: {@code -Dsli.it.rabbitmq.uri} or {@code SLI_IT_RABBITMQ_URI}, an AMQP URI;
   * by default the local one with RabbitMQ's default user.
   */
  static String uri() {
    String env = System.getenv("SLI_IT_RABBITMQ_URI");
    return System.getProperty("sli.it.rabbitmq.uri",
        env != null ? env : "amqp://guest:guest@127.0.0.1:5672");
  }

  @Test
  void deliveriesTheirFailuresAndTheirAgeAreCountedExactly() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Path objectives = Files.writeString(Files.createTempFile("sli-rabbitmq", ".yaml"),
          String.join("\n",
              "objectives:",
              "  - name: invoices",
              "    consumer: { system: rabbitmq, destination: sli-it-invoices }",
              "    latency: { threshold: 1s, target: 99% }",
              "    success: { target: 99% }",
              "    freshness: { threshold: 2s, target: 99% }",
              ""));
      ForkedJvm.Result run = ForkedJvm.of(RabbitConsumersApp.class)
          .args(uri())
          .agentArgs("config=" + objectives)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stdout.contains("invoices [ok, nack, ok, reject, ok]"), run.stdout);
      assertTrue(run.stdout.contains("audit [ok, ok, ok, boom]"), run.stdout);
      assertTrue(run.stdout.contains("refunds nacked 1 acked 3"), run.stdout);

      Exported e = receiver.latest();
      assertEquals(Set.of("rabbitmq"), e.values(PROCESS, "messaging.system"));
      assertEquals(Set.of("sli-it-invoices", "sli-it-audit", "sli-it-refunds"),
          e.values(PROCESS, "messaging.destination.name"), "destinations are the queues");

      // A consumer wrapping another is measured once: 5 deliveries, not 10.
      Map<String, String> invoices = Map.of("messaging.system", "rabbitmq",
          "messaging.destination.name", "sli-it-invoices");
      assertEquals(5, e.count(PROCESS, invoices));
      assertEquals(1, e.count(PROCESS, with(invoices, "error.type", "nack")),
          () -> e.histogram(PROCESS).toString());
      assertEquals(1, e.count(PROCESS, with(invoices, "error.type", "reject")));
      // 3 messages waited 2.5 s before consuming started, 2 hardly at all; AMQP timestamps
      // have whole seconds, so an age is up to a second more than the wait.
      assertEquals(5, e.count(AGE, invoices));
      HistogramDataPoint ages = point(e, AGE, invoices);
      assertTrue(ages.getMax() >= 2.5 && ages.getMax() < 30 && ages.getMin() < 2.0,
          "message age reflects the time in the queue: " + ages);
      assertEquals(5, e.sloEvents("invoices", "latency", "good"));
      assertEquals(0, e.sloEvents("invoices", "latency", "bad"));
      assertEquals(3, e.sloEvents("invoices", "success", "good"));
      assertEquals(2, e.sloEvents("invoices", "success", "bad"));
      assertEquals(2, e.sloEvents("invoices", "freshness", "good"));
      assertEquals(3, e.sloEvents("invoices", "freshness", "bad"));

      Map<String, String> audit = Map.of("messaging.destination.name", "sli-it-audit");
      assertEquals(4, e.count(PROCESS, audit));
      assertEquals(1, e.count(PROCESS, with(audit, "error.type",
          "java.lang.IllegalStateException")));
      assertEquals(0, e.count(AGE, audit), "no timestamp, no age");

      // Acked by hand after handleDelivery: recorded at the nack, and at the ack of all four.
      Map<String, String> refunds = Map.of("messaging.destination.name", "sli-it-refunds");
      assertEquals(4, e.count(PROCESS, refunds));
      assertEquals(1, e.count(PROCESS, with(refunds, "error.type", "nack")));
      // Their processing ran until the ack, not only through the hand-off in handleDelivery.
      HistogramDataPoint acked = point(e, PROCESS, refunds);
      double workSeconds = RabbitConsumersApp.REFUND_WORK_MILLIS / 1000.0;
      assertTrue(acked.getMin() >= workSeconds, "fastest refund " + acked.getMin() + " s");
    }
  }

  private static HistogramDataPoint point(Exported e, String metric, Map<String, String> match) {
    for (HistogramDataPoint p : e.histogram(metric)) {
      if (Exported.matches(Exported.attributes(p.getAttributesList()), match)
          && p.getAttributesList().stream().noneMatch(kv -> kv.getKey().equals("error.type"))) {
        return p;
      }
    }
    throw new AssertionError("no " + metric + " point for " + match);
  }
}
