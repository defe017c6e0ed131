package io.sliagent.export.grpc;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.sliagent.export.transport.MutableSenderConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared test fixtures: metric generation, a ComponentLoader, a sender config, sync send. */
final class TestSupport {
  static final String METHOD = "opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

  private TestSupport() {}

  /** Collects {@code counters} counters (value i+1) and one gauge (12.5) from a real SDK. */
  static Collection<MetricData> sampleMetrics(int counters, int attributeLength) {
    CapturingReader reader = new CapturingReader();
    SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    Meter meter = provider.get("io.sliagent.test");
    char[] padding = new char[attributeLength];
    java.util.Arrays.fill(padding, 'x');
    for (int i = 0; i < counters; i++) {
      meter
          .counterBuilder("sli.test.counter." + i)
          .build()
          .add(i + 1, Attributes.of(AttributeKey.stringKey("route"), "/r" + i + new String(padding)));
    }
    meter.gaugeBuilder("sli.test.gauge").buildWithCallback(m -> m.record(12.5));
    Collection<MetricData> data = reader.registration.collectAllMetrics();
    provider.close();
    return data;
  }

  /** Metric name to its single value (sum as long, gauge as double) over all requests. */
  static Map<String, Number> received(List<ExportMetricsServiceRequest> requests) {
    Map<String, Number> values = new TreeMap<>();
    for (ExportMetricsServiceRequest request : requests) {
      for (ResourceMetrics rm : request.getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            if (m.hasSum()) {
              values.put(m.getName(), m.getSum().getDataPoints(0).getAsInt());
            } else if (m.hasGauge()) {
              values.put(m.getName(), m.getGauge().getDataPoints(0).getAsDouble());
            }
          }
        }
      }
    }
    return values;
  }

  static Map<String, Number> expected(int counters) {
    Map<String, Number> values = new TreeMap<>();
    for (int i = 0; i < counters; i++) {
      values.put("sli.test.counter." + i, (long) (i + 1));
    }
    values.put("sli.test.gauge", 12.5);
    return values;
  }

  /** Supplies our provider for GrpcSenderProvider and counts how often it created a sender. */
  static final class JdkSenderLoader implements ComponentLoader {
    final AtomicInteger sendersCreated = new AtomicInteger();
    private final ComponentLoader fallback =
        ComponentLoader.forClassLoader(TestSupport.class.getClassLoader());

    @Override
    public <T> Iterable<T> load(Class<T> type) {
      if (type == GrpcSenderProvider.class) {
        GrpcSenderProvider counting =
            config -> {
              sendersCreated.incrementAndGet();
              return new JdkGrpcSenderProvider().createSender(config);
            };
        return Collections.singletonList(type.cast(counting));
      }
      return fallback.load(type);
    }
  }

  static MessageWriter writer(ExportMetricsServiceRequest request) {
    return new MessageWriter() {
      @Override
      public void writeMessage(OutputStream output) throws IOException {
        request.writeTo(output);
      }

      @Override
      public int getContentLength() {
        return request.getSerializedSize();
      }
    };
  }

  static ExportMetricsServiceRequest request(String metricName) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .addScopeMetrics(
                    ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName(metricName))))
        .build();
  }

  /** Outcome of one send: exactly one of response/error, plus the callback thread. */
  static final class Outcome {
    GrpcResponse response;
    Throwable error;
    Thread thread;
    long elapsedMillis;
  }

  static Outcome sendAndWait(GrpcSender sender, MessageWriter writer) throws Exception {
    CompletableFuture<Outcome> future = new CompletableFuture<>();
    long start = System.nanoTime();
    AtomicInteger callbacks = new AtomicInteger();
    sender.send(
        writer,
        response -> {
          Outcome o = new Outcome();
          o.response = response;
          o.thread = Thread.currentThread();
          o.elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          callbacks.incrementAndGet();
          future.complete(o);
        },
        error -> {
          Outcome o = new Outcome();
          o.error = error;
          o.thread = Thread.currentThread();
          o.elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          callbacks.incrementAndGet();
          future.complete(o);
        });
    Outcome outcome = future.get(30, TimeUnit.SECONDS);
    Thread.sleep(20);
    if (callbacks.get() != 1) {
      throw new AssertionError("expected exactly one callback, got " + callbacks.get());
    }
    return outcome;
  }

  /** Minimal MetricReader that only exposes the SDK's collection hook. */
  private static final class CapturingReader implements MetricReader {
    volatile CollectionRegistration registration;

    @Override
    public void register(CollectionRegistration registration) {
      this.registration = registration;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Mutable GrpcSenderConfig for driving the sender directly. */
  static final class Config extends MutableSenderConfig implements GrpcSenderConfig {
    Config(String endpoint) {
      super(endpoint);
    }

    @Override
    public String getFullMethodName() {
      return METHOD;
    }
  }
}
