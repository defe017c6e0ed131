package io.sliagent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.sliagent.config.SettingException;
import io.sliagent.log.AgentLog;
import io.sliagent.recording.Recording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The OpenTelemetry SDK pipeline: a meter provider (never registered globally, so the
 * application's own OpenTelemetry is untouched) whose only producer is the agent's recorded
 * state, read periodically and pushed by the OTLP exporter; and a bounded final flush at exit.
 */
public final class MetricsExport {

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("service.instance.id");

  private final SdkMeterProvider provider;
  private final long shutdownTimeoutMillis;

  private MetricsExport(SdkMeterProvider provider, long shutdownTimeoutMillis) {
    this.provider = provider;
    this.shutdownTimeoutMillis = shutdownTimeoutMillis;
  }

  /** @param fileService the objectives file's {@code service}, used when OTEL_SERVICE_NAME is not */
  public static MetricsExport start(ExportSettings settings, Recording recording, String version,
      long shutdownTimeoutMillis, String fileService) {
    long startEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(new AgentThreads("sli-agent-export"));
    PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter(settings))
        .setInterval(Duration.ofMillis(settings.intervalMillis))
        .setExecutor(scheduler)
        .build();
    SdkMeterProvider provider = SdkMeterProvider.builder()
        .setResource(resource(settings, fileService))
        .registerMetricReader(reader)
        .registerMetricProducer(new SliMetricProducer(recording, version, startEpochNanos))
        .build();
    MetricsExport export = new MetricsExport(provider, shutdownTimeoutMillis);
    Runtime.getRuntime().addShutdownHook(new Thread(export::flushAndClose, "sli-agent-flush"));
    return export;
  }

  /**
   * Exports what is left and stops, within {@code sli.shutdown.timeout} whatever the collector
   * does. The SDK's own shutdown waits for its export and its threads for several seconds each,
   * so it runs on a daemon thread that the exit stops waiting for at the deadline.
   */
  void flushAndClose() {
    Thread closing = new AgentThreads("sli-agent-close").newThread(
        () -> provider.shutdown().join(shutdownTimeoutMillis, TimeUnit.MILLISECONDS));
    closing.start();
    try {
      closing.join(shutdownTimeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closing.isAlive()) {
      AgentLog.warn("final export did not complete within " + shutdownTimeoutMillis
          + "ms (sli.shutdown.timeout); the collector did not take the last metrics");
    }
  }

  /**
   * No retries: every export carries cumulative totals, so the next one makes up for a failed
   * one, while a retried export would deliver a stale snapshot late and hold memory meanwhile.
   */
  private static MetricExporter exporter(ExportSettings s) {
    // One thread: the reader never has two exports in flight, and a slow collector must not
    // make the agent grow threads.
    ExecutorService sender = Executors.newSingleThreadExecutor(new AgentThreads("sli-agent-sender"));
    if (s.protocol == ExportSettings.Protocol.GRPC) {
      OtlpGrpcMetricExporterBuilder b = OtlpGrpcMetricExporter.builder()
          .setEndpoint(s.endpoint)
          .setTimeout(Duration.ofMillis(s.timeoutMillis))
          .setExecutorService(sender)
          .setComponentLoader(new SenderLoader())
          .setRetryPolicy(null);
      configure(s, b::addHeader, b::setCompression, b::setTrustedCertificates, b::setClientTls);
      return b.build();
    }
    OtlpHttpMetricExporterBuilder b = OtlpHttpMetricExporter.builder()
        .setEndpoint(s.endpoint)
        .setTimeout(Duration.ofMillis(s.timeoutMillis))
        .setExecutorService(sender)
        .setComponentLoader(new SenderLoader())
        .setRetryPolicy(null);
    configure(s, b::addHeader, b::setCompression, b::setTrustedCertificates, b::setClientTls);
    return b.build();
  }

  /** The settings both exporter builders share (they have no common interface). */
  private static void configure(ExportSettings s, BiConsumer<String, String> header,
      Consumer<String> compression, Consumer<byte[]> trust, BiConsumer<byte[], byte[]> clientTls) {
    s.headers.forEach(header);
    if (s.compression != null) {
      compression.accept(s.compression);
    }
    if (s.certificatePath != null) {
      trust.accept(read("otel.exporter.otlp.certificate", s.certificatePath));
    }
    if (s.clientKeyPath != null && s.clientCertificatePath != null) {
      clientTls.accept(read("otel.exporter.otlp.client.key", s.clientKeyPath),
          read("otel.exporter.otlp.client.certificate", s.clientCertificatePath));
    }
  }

  private static byte[] read(String setting, String path) {
    try {
      return Files.readAllBytes(Paths.get(path));
    } catch (IOException e) {
      throw new SettingException(setting + "=" + path + ": cannot read the file ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static Resource resource(ExportSettings s, String fileService) {
    AttributesBuilder attrs = Attributes.builder();
    for (Map.Entry<String, String> e : s.resourceAttributes.entrySet()) {
      attrs.put(e.getKey(), e.getValue());
    }
    attrs.put(SERVICE_NAME, s.serviceName != null ? s.serviceName
        : fileService != null ? fileService : "unknown_service:java");
    if (!s.resourceAttributes.containsKey(INSTANCE_ID.getKey())) {
      // Each JVM's cumulative series must stay distinct so a backend can sum a fleet.
      attrs.put(INSTANCE_ID, UUID.randomUUID().toString());
    }
    return Resource.getDefault().merge(Resource.create(attrs.build()));
  }
}
