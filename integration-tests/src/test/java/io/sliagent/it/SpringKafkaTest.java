package io.sliagent.it;

import static io.sliagent.it.support.Exported.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.sliagent.it.app.SpringKafkaApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spring Kafka's listener container against a real KRaft broker: each attempt of the listener on
 * a record is one processing, failed (as the listener's exception) when it threw, whether the
 * error handler then seeks back to retry it, recovers it and commits past it, or logs it and goes
 * on, or a transaction rolls back; the records the error handler takes back unprocessed are
 * counted only when processed. A batch listener's call is one processing of each of its records.
 */
class SpringKafkaTest {

  private static final String ISE = IllegalStateException.class.getName();
  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void eachAttemptOfTheListenerIsOneProcessing() throws Exception {
    String topic = "payments";
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Path objectives = Files.writeString(Files.createTempFile("sli-spring-kafka", ".yaml"),
          String.join("\n",
              "objectives:",
              "  - name: payments",
              "    consumer: { system: kafka, destination: " + topic + ", group: orders }",
              "    success: { target: 99% }",
              ""));
      ForkedJvm.Result run = ForkedJvm.of(SpringKafkaApp.class)
          .args(broker.bootstrapServers(), topic)
          .agentArgs("config=" + objectives)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      Matcher attempts = Pattern.compile("attempts \\[orders ok 8 failed 4, audit ok 8 failed 2, "
          + "ledger ok 10 failed (\\d+), billing ok 8 failed 2, "
          + "invoices ok 8 failed 4\\]").matcher(run.stdout);
      assertTrue(attempts.find(), run.stdout);
      int failedBatch = Integer.parseInt(attempts.group(1));
      assertTrue(failedBatch >= 1, run.stdout);
      assertTrue(run.instrumentations().contains("spring-kafka"), run.toString());
      assertFalse(run.stderr.contains("failed inside the agent"), run.stderr);

      Exported e = receiver.latest();
      Map<String, String> orders = Map.of("messaging.system", "kafka",
          "messaging.destination.name", topic, "messaging.consumer.group.name", "orders");
      // 8 records processed once; each poison record failed twice: its delivery and its retry
      // (the error handler sought back), then it was recovered and committed past.
      assertEquals(12, e.count(KafkaTest.PROCESS, orders));
      assertEquals(4, e.count(KafkaTest.PROCESS, with(orders, "error.type", ISE)));
      assertEquals(12, e.count(KafkaTest.AGE, orders));
      assertEquals(8, e.sloEvents("payments", "success", "good"));
      assertEquals(4, e.sloEvents("payments", "success", "bad"));

      // Logged and left behind: one failed attempt each, the other records processed once.
      Map<String, String> audit = Map.of("messaging.destination.name", topic,
          "messaging.consumer.group.name", "audit");
      assertEquals(10, e.count(KafkaTest.PROCESS, audit));
      assertEquals(2, e.count(KafkaTest.PROCESS, with(audit, "error.type", ISE)));
      assertEquals(10, e.count(KafkaTest.AGE, audit));

      // The batch listener's calls: the one that threw and its retry, on the same records, and
      // the other batches: each call one processing of each of its records, as long as the call.
      Map<String, String> ledger = Map.of("messaging.destination.name", topic,
          "messaging.consumer.group.name", "ledger");
      assertEquals(10 + failedBatch, e.count(KafkaTest.PROCESS, ledger));
      assertEquals(failedBatch, e.count(KafkaTest.PROCESS, with(ledger, "error.type", ISE)));
      assertEquals(10, e.count(KafkaTest.AGE, ledger));

      // A @KafkaListener method: its exception, not Spring's wrapper of it; no retry.
      Map<String, String> billing = Map.of("messaging.destination.name", topic,
          "messaging.consumer.group.name", "billing");
      assertEquals(10, e.count(KafkaTest.PROCESS, billing));
      assertEquals(2, e.count(KafkaTest.PROCESS, with(billing, "error.type", ISE)));

      // In transactions: a failed attempt rolls back, and the rollback processor seeks back to
      // the record, as the error handler does without transactions.
      Map<String, String> invoices = Map.of("messaging.destination.name", topic,
          "messaging.consumer.group.name", "invoices");
      assertEquals(12, e.count(KafkaTest.PROCESS, invoices));
      assertEquals(4, e.count(KafkaTest.PROCESS, with(invoices, "error.type", ISE)));
      assertEquals(12, e.count(KafkaTest.AGE, invoices));

      // Every attempt, failed or not, is the listener's work, not the error handler's hand-off.
      double work = SpringKafkaApp.WORK_MILLIS / 1000.0;
      int points = 0;
      for (HistogramDataPoint p : e.histogram(KafkaTest.PROCESS)) {
        if (Exported.matches(Exported.attributes(p.getAttributesList()),
            Map.of("messaging.destination.name", topic))) {
          points++;
          assertTrue(p.getMin() >= work, "an attempt processed in " + p.getMin() + " s: " + p);
        }
      }
      assertEquals(10, points);
    }
  }
}
