package io.sliagent.it;

import static io.sliagent.it.support.Exported.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.sliagent.it.app.KafkaApp;
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
 * Kafka consumers measured record by record in a forked application with the agent, against a
 * real KRaft broker, as exported over OTLP: exact counts of records processed and failed per
 * topic and group, the age of records that sat in the topic, each group's lag per assigned
 * partition (none for a partition no longer assigned or a closed consumer), and an objective
 * over all three in {@code slo.events}; with kafka-clients 4.x and, on the same application, 3.x.
 */
class KafkaTest {

  static final String PROCESS = "messaging.process.duration";
  static final String AGE = "sli.messaging.message.age";
  static final String LAG = "sli.messaging.consumer.lag";
  static final String PARTITION = "messaging.destination.partition.id";

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
  void kafkaClients4() throws Exception {
    check("orders4", System.getProperty("sli.it.app.classpath"));
  }

  /** 4.x's new consumer ({@code AsyncKafkaConsumer}) behind the same {@code KafkaConsumer}. */
  @Test
  void kafkaClients4NewConsumer() throws Exception {
    check("orders4async", System.getProperty("sli.it.app.classpath"), "consumer");
  }

  @Test
  void kafkaClients3() throws Exception {
    String classpath = System.getProperty("sli.it.app.classpath");
    String clients3 = System.getProperty("sli.it.kafka3.jar");
    String replaced = classpath.replaceAll("[^" + java.io.File.pathSeparator
        + "]*kafka-clients-4[^" + java.io.File.pathSeparator + "]*\\.jar", clients3);
    assertTrue(!replaced.equals(classpath) && replaced.contains(clients3), replaced);
    check("orders3", replaced);
  }

  private void check(String topic, String classpath, String... protocol) throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Path objectives = Files.writeString(Files.createTempFile("sli-kafka", ".yaml"),
          String.join("\n",
              "objectives:",
              "  - name: billing",
              "    consumer: { system: kafka, destination: " + topic + ", group: billing }",
              "    latency: { threshold: 200ms, target: 99% }",
              "    success: { target: 99% }",
              "    freshness: { threshold: 5s, target: 99% }",
              ""));
      ForkedJvm.Result run = ForkedJvm.of(KafkaApp.class)
          .classpath(classpath)
          .args(args(broker.bootstrapServers(), topic, protocol))
          .agentArgs("config=" + objectives)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stdout.contains("outcomes [billing 40 failed 2, audit abandoned, reports "
          + KafkaApp.REPORTS + "]"), run.stdout);
      assertTrue(run.instrumentations().contains("kafka"), run.toString());

      Exported e = receiver.latest();
      Map<String, String> billing = Map.of("messaging.system", "kafka",
          "messaging.destination.name", topic, "messaging.consumer.group.name", "billing");
      // 40 records, and the 2 poison ones handed out again after their failure.
      assertEquals(42, e.count(PROCESS, billing));
      assertEquals(2, e.count(PROCESS, with(billing, "error.type", "rewound")));
      assertEquals(42, e.count(AGE, billing));
      // The first 20 sat in the topic OLD_MILLIS before any consumer started.
      HistogramDataPoint ages = point(e, AGE, billing);
      assertTrue(ages.getMax() >= KafkaApp.OLD_MILLIS / 1000.0
          && ages.getSum() >= 20 * KafkaApp.OLD_MILLIS / 1000.0, "record age: " + ages);
      assertTrue(ages.getMin() < 5, "fresh records are young: " + ages);

      Map<String, String> audit = Map.of("messaging.destination.name", topic,
          "messaging.consumer.group.name", "audit");
      assertEquals(1, e.count(PROCESS, audit));
      assertEquals(1, e.count(PROCESS, with(audit, "error.type", "abandoned")));

      Map<String, String> reports = Map.of("messaging.destination.name", topic,
          "messaging.consumer.group.name", "reports");
      assertEquals(KafkaApp.REPORTS, e.count(PROCESS, reports));
      assertEquals(0, e.count(PROCESS, with(reports, "error.type", "rewound"))
          + e.count(PROCESS, with(reports, "error.type", "abandoned")));
      // Open at exit: per partition, the records it left of that partition; no point for the
      // topic as a whole, whose lag is the sum of its partitions'.
      Matcher left = Pattern.compile("left reports (\\d+) (\\d+), moved ([01]) (\\d+)")
          .matcher(run.stdout);
      assertTrue(left.find(), run.stdout);
      assertEquals(Long.parseLong(left.group(1)), e.gauge(LAG, with(reports, PARTITION, "0")));
      assertEquals(Long.parseLong(left.group(2)), e.gauge(LAG, with(reports, PARTITION, "1")));
      assertEquals(40 - KafkaApp.REPORTS, e.gauge(LAG, reports));
      assertEquals(-1, e.gauge(LAG, with(reports, PARTITION, null)));
      // Assigned one partition alone at its last poll: the other has no lag any more.
      Map<String, String> moved = Map.of("messaging.destination.name", topic,
          "messaging.consumer.group.name", "moved");
      String kept = left.group(3);
      assertEquals(Long.parseLong(left.group(4)), e.gauge(LAG, with(moved, PARTITION, kept)));
      assertEquals(-1, e.gauge(LAG, with(moved, PARTITION, kept.equals("0") ? "1" : "0")));
      // Closed consumers have no lag.
      assertEquals(-1, e.gauge(LAG, billing));
      assertEquals(-1, e.gauge(LAG, audit));

      assertEquals(40, e.sloEvents("billing", "success", "good"));
      assertEquals(2, e.sloEvents("billing", "success", "bad"));
      // The 3 slow records, failed ones included (they failed fast).
      assertEquals(39, e.sloEvents("billing", "latency", "good"));
      assertEquals(3, e.sloEvents("billing", "latency", "bad"));
      // The 20 old records; the fresh 20 and the 2 handed out again were young.
      assertEquals(22, e.sloEvents("billing", "freshness", "good"));
      assertEquals(20, e.sloEvents("billing", "freshness", "bad"));
    }
  }

  private static String[] args(String bootstrap, String topic, String... protocol) {
    String[] args = new String[2 + protocol.length];
    args[0] = bootstrap;
    args[1] = topic;
    System.arraycopy(protocol, 0, args, 2, protocol.length);
    return args;
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
