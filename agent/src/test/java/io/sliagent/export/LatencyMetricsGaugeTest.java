package io.sliagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.sliagent.api.Endpoint;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Signal;
import io.sliagent.export.otlp.OtlpMetricsWriter;
import io.sliagent.export.prometheus.MetricsEndpoint;
import io.sliagent.recording.Bindings;
import io.sliagent.recording.Recording;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A gauge observed per part of an endpoint (a consumer's lag per partition) as both exports write
 * it: one point per partition with the endpoint's attributes and the partition's, and none for
 * the topic as a whole, nor for a partition whose sources are gone.
 */
class LatencyMetricsGaugeTest {

  private static final String LAG = "sli.messaging.consumer.lag";
  private static final String PARTITION = "messaging.destination.partition.id";

  private final Recording recording = new Recording(10, Bindings.NONE);
  private final AtomicLong p0 = new AtomicLong(7);
  private final AtomicLong p1 = new AtomicLong(0);
  private final AtomicLong p2 = new AtomicLong(-1); // gone (its consumer closed)

  LatencyMetricsGaugeTest() {
    Endpoint orders = recording.registry(Signal.CONSUMER).endpoint("orders",
        k -> EndpointAttributes.builder().put("messaging.system", "kafka")
            .put("messaging.destination.name", "orders")
            .put("messaging.consumer.group.name", "billing").build());
    orders.observe(0, partition(0), p0::get);
    orders.observe(0, partition(1), p1::get);
    orders.observe(0, partition(1), () -> 4); // a second consumer of the group: summed
    orders.observe(0, partition(2), p2::get);
  }

  private static EndpointAttributes partition(int p) {
    return EndpointAttributes.builder().put(PARTITION, Integer.toString(p)).build();
  }

  @Test
  void otlpHasOnePointPerPartition() throws Exception {
    OtlpMetricsWriter w = new OtlpMetricsWriter(Attributes.empty(), "", "io.sliagent", "1");
    w.begin(1);
    new LatencyMetrics(0).write(recording, w);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.finish().writeBinaryTo(out);
    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(
        out.toByteArray());
    Metric lag = null;
    for (Metric m : request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
      if (m.getName().equals(LAG)) {
        lag = m;
      }
    }
    Map<String, Long> byPartition = new TreeMap<>();
    for (NumberDataPoint p : lag.getGauge().getDataPointsList()) {
      Map<String, String> attributes = new TreeMap<>();
      for (KeyValue kv : p.getAttributesList()) {
        attributes.put(kv.getKey(), kv.getValue().getStringValue());
      }
      assertEquals("orders", attributes.get("messaging.destination.name"));
      assertEquals("billing", attributes.get("messaging.consumer.group.name"));
      assertEquals(4, attributes.size(), attributes.toString());
      byPartition.put(attributes.get(PARTITION), p.getAsInt());
    }
    assertEquals(Map.of("0", 7L, "1", 4L), byPartition);
  }

  @Test
  void prometheusHasOneSeriesPerPartition() throws Exception {
    // Started on a daemon thread, as the agent starts it: the server's thread is a daemon too.
    CompletableFuture<MetricsEndpoint> started = new CompletableFuture<>();
    LatencyMetrics latency = new LatencyMetrics(0);
    Thread starter = new Thread(() -> {
      try {
        started.complete(MetricsEndpoint.start("127.0.0.1", 0,
            sink -> latency.write(recording, sink), Attributes::empty, "io.sliagent", "1"));
      } catch (Throwable t) {
        started.completeExceptionally(t);
      }
    });
    starter.setDaemon(true);
    starter.start();
    HttpClient client = HttpClient.newHttpClient();
    String text = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + started.get().port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
        .body();
    String series = "sli_messaging_consumer_lag{messaging_consumer_group_name=\"billing\","
        + "messaging_destination_name=\"orders\",messaging_destination_partition_id=\"%s\","
        + "messaging_system=\"kafka\",otel_scope_name=\"io.sliagent\","
        + "otel_scope_version=\"1\"} %s\n";
    assertTrue(text.contains(String.format(series, "0", "7.0")), text);
    assertTrue(text.contains(String.format(series, "1", "4.0")), text);
    assertFalse(text.contains("messaging_destination_partition_id=\"2\""), text);
    assertEquals(2, text.split("\nsli_messaging_consumer_lag\\{").length - 1, text);

    p1.set(-1); // that consumer lost partition 1: the other's lag alone
    p0.set(-1);
    text = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + started.get().port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
        .body();
    assertTrue(text.contains(String.format(series, "1", "4.0")), text);
    assertEquals(1, text.split("\nsli_messaging_consumer_lag\\{").length - 1, text);
  }
}
