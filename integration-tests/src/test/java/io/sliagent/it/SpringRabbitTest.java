package io.sliagent.it;

import static io.sliagent.it.support.Exported.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.sliagent.it.app.SpringRabbitApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spring AMQP's default listener container against the real broker: each message counted once,
 * its failure (the listener's rejection) counted, and its processing time the container's (until
 * its ack), not the client consumer's hand-off to the container's queue, which takes microseconds.
 */
class SpringRabbitTest {

  @Test
  void theContainersListenerIsWhatIsTimed() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ForkedJvm.Result run = ForkedJvm.of(SpringRabbitApp.class)
          .args(RabbitMqTest.uri())
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stdout.contains("processed 5"), run.stdout);
      Exported e = receiver.latest();
      Map<String, String> queue = Map.of("messaging.system", "rabbitmq",
          "messaging.destination.name", SpringRabbitApp.QUEUE);
      assertEquals(5, e.count(RabbitMqTest.PROCESS, queue));
      assertEquals(1, e.count(RabbitMqTest.PROCESS, with(queue, "error.type", "reject")));
      double work = SpringRabbitApp.WORK_MILLIS / 1000.0;
      for (HistogramDataPoint p : e.histogram(RabbitMqTest.PROCESS)) {
        if (Exported.matches(Exported.attributes(p.getAttributesList()), queue)) {
          assertTrue(p.getMin() >= work, "a message processed in " + p.getMin() + " s");
        }
      }
      assertEquals(5, e.count(RabbitMqTest.AGE, queue));
    }
  }
}
