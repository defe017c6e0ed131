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
 *
 * <p>The pipeline (the SDK, the exporter and its HTTP client: several hundred classes) is built
 * when the first export is due, on the agent's export thread, never in the application's
 * start-up; a JVM that exits having measured nothing never builds it.
 */
public final class MetricsExport {

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("service.instance.id");

  private final ExportSettings settings;
  private final Recording recording;
  private final String version;
  private final long shutdownTimeoutMillis;
  private final String fileService;
  private final long startEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(new AgentThreads("sli-agent-export"));
  private final Trust trust;
  private SdkMeterProvider provider;

  private MetricsExport(ExportSettings settings, Recording recording, String version,
      long shutdownTimeoutMillis, String fileService) {
    this.settings = settings;
    this.recording = recording;
    this.version = version;
    this.shutdownTimeoutMillis = shutdownTimeoutMillis;
    this.fileService = fileService;
    // Read now: a wrong path is said at start-up, not at the first export.
    this.trust = Trust.read(settings);
  }

  /** @param fileService the objectives file's {@code service}, used when OTEL_SERVICE_NAME is not */
  public static MetricsExport start(ExportSettings settings, Recording recording, String version,
      long shutdownTimeoutMillis, String fileService) {
    MetricsExport export =
        new MetricsExport(settings, recording, version, shutdownTimeoutMillis, fileService);
    export.scheduler.schedule(() -> {
      try {
        export.open().forceFlush();
      } catch (Throwable t) {
        AgentLog.error("metrics export could not start; calls are still measured", t);
      }
    }, settings.intervalMillis, TimeUnit.MILLISECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(export::flushAndClose, "sli-agent-flush"));
    return export;
  }

  /** The pipeline, built on first use; its reader exports every interval from then on. */
  private synchronized SdkMeterProvider open() {
    if (provider == null) {
      PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter(settings, trust))
          .setInterval(Duration.ofMillis(settings.intervalMillis))
          .setExecutor(scheduler)
          .build();
      provider = SdkMeterProvider.builder()
          .setResource(resource(settings, fileService))
          .registerMetricReader(reader)
          .registerMetricProducer(new SliMetricProducer(recording, version, startEpochNanos))
          .build();
    }
    return provider;
  }

  private synchronized boolean opened() {
    return provider != null;
  }

  /**
   * Exports what is left and stops, within {@code sli.shutdown.timeout} whatever the collector
   * does. The SDK's own shutdown waits for its export and its threads for several seconds each,
   * so it runs on a daemon thread that the exit stops waiting for at the deadline. Nothing to
   * say (no pipeline yet and no call measured) means no export at all.
   */
  void flushAndClose() {
    if (!opened() && !recording.anyEndpoint()) {
      return;
    }
    Thread closing = new AgentThreads("sli-agent-close").newThread(
        () -> open().shutdown().join(shutdownTimeoutMillis, TimeUnit.MILLISECONDS));
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
  private static MetricExporter exporter(ExportSettings s, Trust trust) {
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
      configure(s, trust, b::addHeader, b::setCompression, b::setTrustedCertificates,
          b::setClientTls);
      return b.build();
    }
    OtlpHttpMetricExporterBuilder b = OtlpHttpMetricExporter.builder()
        .setEndpoint(s.endpoint)
        .setTimeout(Duration.ofMillis(s.timeoutMillis))
        .setExecutorService(sender)
        .setComponentLoader(new SenderLoader())
        .setRetryPolicy(null);
    configure(s, trust, b::addHeader, b::setCompression, b::setTrustedCertificates,
          b::setClientTls);
    return b.build();
  }

  /** The settings both exporter builders share (they have no common interface). */
  private static void configure(ExportSettings s, Trust trust, BiConsumer<String, String> header,
      Consumer<String> compression, Consumer<byte[]> trusted, BiConsumer<byte[], byte[]> clientTls) {
    s.headers.forEach(header);
    if (s.compression != null) {
      compression.accept(s.compression);
    }
    if (trust.certificates != null) {
      trusted.accept(trust.certificates);
    }
    if (trust.clientKey != null && trust.clientCertificate != null) {
      clientTls.accept(trust.clientKey, trust.clientCertificate);
    }
  }

  /** The PEM files the exporter's TLS is configured with, read once at start. */
  private static final class Trust {
    final byte[] certificates;
    final byte[] clientKey;
    final byte[] clientCertificate;

    private Trust(byte[] certificates, byte[] clientKey, byte[] clientCertificate) {
      this.certificates = certificates;
      this.clientKey = clientKey;
      this.clientCertificate = clientCertificate;
    }

    static Trust read(ExportSettings s) {
      boolean client = s.clientKeyPath != null && s.clientCertificatePath != null;
      return new Trust(
          s.certificatePath == null ? null
              : read("otel.exporter.otlp.certificate", s.certificatePath),
          client ? read("otel.exporter.otlp.client.key", s.clientKeyPath) : null,
          client ? read("otel.exporter.otlp.client.certificate", s.clientCertificatePath) : null);
    }

    private static byte[] read(String setting, String path) {
      try {
        return Files.readAllBytes(Paths.get(path));
      } catch (IOException e) {
        throw new SettingException(setting + "=" + path + ": cannot read the file ("
            + e.getClass().getSimpleName() + ")");
      }
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
