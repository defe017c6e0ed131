package io.sliagent.it;

import static io.sliagent.it.support.Exported.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.sliagent.it.app.JmsConsumersApp;
import io.sliagent.it.app.JmsJavaxApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import org.example.jms.Inbox;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * JMS messages measured in a forked application with the agent, against an embedded ActiveMQ
 * Artemis broker, as exported over OTLP: a transacted receive loop (processing from receive to
 * commit, failed at rollback), a listener (failed when it throws, measured once when it
 * delegates to another) and listeners no name test finds (a lambda, an anonymous class, a
 * lambda on a {@code JMSContext}, a lambda in Spring's {@code DefaultMessageListenerContainer};
 * a lambda and an anonymous class over {@code javax.jms} too): exact counts, {@code error.type},
 * processing time, message age and an objective's {@code slo.events}.
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
      assertTrue(run.stdout.contains("sli-it-lambda [fail-l2, fail-l2 failed, l1, l3, l4]"),
          run.stdout);
      assertTrue(run.stdout.contains(
          "sli-it-anonymous [a1, fail-a2, fail-a2 failed, fail-a3, fail-a3 failed]"), run.stdout);
      assertTrue(run.stdout.contains("context [c1, c2, fail-c3, fail-c3 failed]"), run.stdout);
      assertTrue(run.stdout.contains("spring [fail-s2, fail-s2 failed, s1, s3]"), run.stdout);

      Exported e = receiver.latest();
      assertEquals(Set.of("sli-it-orders", "sli-it-events", "sli-it-lambda", "sli-it-anonymous",
              "sli-it-context", "sli-it-spring"),
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

      // Listeners no name test finds, measured where Artemis calls them: a lambda, an anonymous
      // class, and a lambda inside the listener Artemis wraps it in for a JMSContext (which the
      // name test finds: measured once all the same).
      listened(e, "sli-it-lambda", 5, "java.lang.IllegalStateException", 1);
      listened(e, "sli-it-anonymous", 5, "java.lang.IllegalArgumentException", 2);
      listened(e, "sli-it-context", 4, "java.lang.IllegalStateException", 1);
      // Spring's receive loop calling the listener: each message once, as the listener's call
      // (its failure the listener's exception, not the rollback that follows).
      listened(e, "sli-it-spring", 4, "java.lang.IllegalStateException", 1);
      assertEquals(0, e.count(PROCESS, Map.of("messaging.destination.name", "sli-it-spring",
          "error.type", "rollback")));
    }
  }

  @Test
  void javaxListenersThatAreLambdasOrAnonymousAreMeasuredWhereTheProviderCallsThem()
      throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ForkedJvm.Result run = ForkedJvm.of(JmsJavaxApp.class)
          .classpath(System.getProperty("sli.it.jms.javax.classpath") + File.pathSeparator
              + System.getProperty("sli.it.app.classpath"))
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stdout.contains("sli-it-javax-lambda [fail-l2, fail-l2 failed, l1, l3, l4]"),
          run.stdout);
      assertTrue(run.stdout.contains("sli-it-javax-anonymous [a1, fail-a2, fail-a2 failed, "
          + "fail-a3, fail-a3 failed]"), run.stdout);

      Exported e = receiver.latest();
      assertEquals(Set.of("sli-it-javax-lambda", "sli-it-javax-anonymous"),
          e.values(PROCESS, "messaging.destination.name"), () -> e.histogram(PROCESS).toString());
      listened(e, "sli-it-javax-lambda", 5, "java.lang.IllegalStateException", 1);
      listened(e, "sli-it-javax-anonymous", 5, "java.lang.IllegalArgumentException", 2);
    }
  }

  /** Each call counted once, failures by their exception, none quicker than the work. */
  private static void listened(Exported e, String queue, long calls, String error,
      long errors) {
    Map<String, String> q = Map.of("messaging.system", "jms",
        "messaging.destination.name", queue);
    assertEquals(calls, e.count(PROCESS, q), () -> queue + ": " + e.histogram(PROCESS));
    assertEquals(errors, e.count(PROCESS, with(q, "error.type", error)), queue);
    assertEquals(calls, e.count(AGE, q), queue);
    for (HistogramDataPoint p : e.histogram(PROCESS)) {
      if (Exported.matches(Exported.attributes(p.getAttributesList()), q)) {
        assertTrue(p.hasMin() && p.getMin() >= Inbox.WORK_MILLIS / 1000.0,
            "processing takes the listener's time: " + p);
      }
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
