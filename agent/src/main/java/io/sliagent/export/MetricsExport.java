package io.sliagent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.exporter.internal.TlsUtil;
import io.opentelemetry.exporter.otlp.internal.GrpcExporter;
import io.opentelemetry.exporter.otlp.internal.GrpcExporterBuilder;
import io.opentelemetry.exporter.otlp.internal.HttpExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.exporter.otlp.internal.OtlpUserAgent;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.internal.StandardComponentId.ExporterType;
import io.opentelemetry.sdk.resources.Resource;
import io.sliagent.bootstrap.AgentThreads;
import io.sliagent.config.SettingException;
import io.sliagent.export.otlp.EncodedRequest;
import io.sliagent.export.otlp.OtlpMetricsWriter;
import io.sliagent.export.prometheus.MetricsEndpoint;
import io.sliagent.log.AgentLog;
import io.sliagent.recording.Recording;
import io.sliagent.slo.SloEngine;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The export pipeline: every interval the recorded state is written as one OTLP request ({@link
 * OtlpMetricsWriter}: the agent's metrics are its own recorded counts, so they go straight to
 * protobuf, without the SDK's meter provider, metric data objects and marshalers, whose generic
 * code the JIT kept compiling while the application ran) and sent by the OpenTelemetry SDK's OTLP
 * exporter (endpoint, headers, TLS, compression, failure reporting) over the SDK's OkHttp sender,
 * OkHttp relocated into the agent; and a bounded final export at exit.
 *
 * <p>The exporter (several hundred classes with its senders) is built when the first export is
 * due, on the agent's export thread, never in the application's start-up; a JVM that exits having
 * measured nothing never builds it.
 */
public final class MetricsExport {

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("service.instance.id");
  private static final String GRPC_METHOD =
      "opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

  private final ExportSettings settings;
  private final Recording recording;
  private final SloEngine slo;
  private final String version;
  private final long shutdownTimeoutMillis;
  /** The final export ended (well or not) within the shutdown timeout. */
  private volatile boolean finalExportEnded;
  private final String fileService;
  private final long startEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
  /** Made by {@link #start}, after the instrumentations are ready (see there why). */
  private volatile ScheduledExecutorService scheduler;
  private final Trust trust;
  private final Resolver resolver;
  private Resource resource;
  // Built on first use, under this object's lock; read by the exit hook without waiting for an
  // export.
  private volatile Exporter exporter;
  private OtlpMetricsWriter writer;
  private LatencyMetrics latency;
  private boolean failed;
  /** The last export, until the exporter says how it went. */
  private CompletableResultCode inFlight;

  private MetricsExport(ExportSettings settings, Recording recording, SloEngine slo,
      String version, long shutdownTimeoutMillis, String fileService) {
    this.settings = settings;
    this.recording = recording;
    this.slo = slo;
    this.version = version;
    this.shutdownTimeoutMillis = shutdownTimeoutMillis;
    this.fileService = fileService;
    // Read now: a wrong path is said at start-up, not at the first export.
    this.trust = Trust.read(settings);
    this.resolver = Resolver.of(settings.endpoint);
  }

  /**
   * The export, its settings checked (a certificate that cannot be read throws); nothing runs
   * until {@link #start}.
   *
   * @param fileService the objectives file's {@code service}, used when OTEL_SERVICE_NAME is not
   */
  public static MetricsExport create(ExportSettings settings, Recording recording, SloEngine slo,
      String version, long shutdownTimeoutMillis, String fileService) {
    return new MetricsExport(settings, recording, slo, version, shutdownTimeoutMillis,
        fileService);
  }

  /**
   * Starts the schedule and the final flush at exit, and {@code /metrics}. Called once the
   * instrumentations are ready: its thread pool's classes are ones the agent instruments, and an
   * application thread loading them meanwhile waits for the agent, which must not then wait for
   * that thread.
   */
  public void start() {
    if (settings.prometheus) {
      servePrometheus();
    }
    if (!settings.otlp) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(new AgentThreads("sli-agent-export"));
    scheduler.scheduleAtFixedRate(this::tick, settings.intervalMillis, settings.intervalMillis,
        TimeUnit.MILLISECONDS);
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(this::flushAndClose, "sli-agent-flush"));
    } catch (IllegalStateException exiting) {
      // The JVM began to exit while the agent started: nothing to flush.
    }
  }

  /** {@code /metrics}, each scrape walking the recorded state afresh; a bind failure is said. */
  private void servePrometheus() {
    LatencyMetrics scrapeLatency = new LatencyMetrics(startEpochNanos); // the scrape thread's own
    try {
      MetricsEndpoint.start(settings.prometheusHost, settings.prometheusPort, sink -> {
        scrapeLatency.write(recording, sink);
        SloMetrics.write(slo, startEpochNanos, sink);
      }, () -> resource().getAttributes(), "io.sliagent", version);
    } catch (Throwable t) {
      // A port in use is the port's fault; anything else (no such address here) the host's.
      boolean inUse = t instanceof BindException && String.valueOf(t.getMessage()).contains("use");
      AgentLog.error((inUse ? settings.prometheusPortSetting : settings.prometheusHostSetting)
          + ": cannot serve /metrics on "
          + settings.prometheusHost + ":" + settings.prometheusPort + " (" + t
          + "); metrics are not served there, calls are still measured", null);
    }
  }

  /**
   * The resource both paths describe, made once: its {@code service.instance.id} must be the same
   * in OTLP and in {@code target_info}.
   */
  private synchronized Resource resource() {
    if (resource == null) {
      resource = resource(settings, fileService);
    }
    return resource;
  }

  /** One periodic export; never throws, which would stop the schedule. */
  private void tick() {
    try {
      exportNow();
    } catch (Throwable t) {
      AgentLog.error("metrics export failed; calls are still measured", t);
    }
  }

  /**
   * Sends what is recorded now, unless the previous export is still in flight: every export
   * carries cumulative totals, so the next one says all this one would have.
   */
  private synchronized CompletableResultCode exportNow() {
    if (inFlight != null && !inFlight.isDone()) {
      return inFlight;
    }
    if (!open()) {
      return CompletableResultCode.ofFailure();
    }
    writer.begin(TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()));
    latency.write(recording, writer);
    SloMetrics.write(slo, startEpochNanos, writer);
    EncodedRequest request = writer.finish();
    if (request == null) {
      return CompletableResultCode.ofSuccess();
    }
    long began = System.nanoTime();
    if (!resolver.resolvedWithin(settings.timeoutMillis)) {
      AgentLog.errorOnce("export.dns", "metrics export: " + resolver.host() + " did not resolve"
          + " within " + settings.timeoutMillis + "ms (otel.exporter.otlp.timeout); exports"
          + " fail until it does", null);
      return CompletableResultCode.ofFailure();
    }
    CompletableResultCode sent = exporter.export(request);
    if (AgentLog.isDebug()) {
      sent.whenComplete(() -> AgentLog.debug("export " + (sent.isSuccess() ? "sent" : "failed")
          + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) + " ms"));
    }
    inFlight = sent;
    return sent;
  }

  /** Builds the exporter on first use; false, said once, when it cannot be built. */
  private synchronized boolean open() {
    if (exporter == null && !failed) {
      try {
        Resource resource = resource();
        writer = new OtlpMetricsWriter(resource.getAttributes(), resource.getSchemaUrl(),
            "io.sliagent", version);
        latency = new LatencyMetrics(startEpochNanos);
        exporter = exporter(settings, trust);
      } catch (Throwable t) {
        failed = true;
        AgentLog.error("metrics export could not start; calls are still measured", t);
      }
    }
    return exporter != null;
  }

  private boolean opened() {
    return exporter != null;
  }

  private synchronized CompletableResultCode inFlight() {
    return inFlight;
  }

  /**
   * Exports what is left and stops, within {@code sli.shutdown.timeout} whatever the collector
   * does: on a daemon thread that the exit stops waiting for at the deadline. Nothing to say (no
   * exporter yet and no call measured) means no export at all.
   */
  void flushAndClose() {
    if (!opened() && !recording.anyEndpoint()) {
      return;
    }
    Thread closing = new AgentThreads("sli-agent-close").newThread(this::finalExport);
    closing.start();
    try {
      closing.join(shutdownTimeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // The closing thread stops waiting at the same deadline: whether it is still alive says
    // nothing; whether the export ended does.
    if (!finalExportEnded) {
      AgentLog.warn("final export did not complete within " + shutdownTimeoutMillis
          + "ms (sli.shutdown.timeout); the collector did not take the last metrics");
    }
  }

  /** The last export, then the exporter's shutdown, all within one {@code sli.shutdown.timeout}. */
  private void finalExport() {
    ScheduledExecutorService s = scheduler;
    if (s != null) {
      s.shutdown();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shutdownTimeoutMillis);
    try {
      // One export at a time: a periodic one still in flight is waited for, then the final one.
      CompletableResultCode previous = inFlight();
      if (previous != null) {
        previous.join(remaining(deadline), TimeUnit.NANOSECONDS);
      }
      CompletableResultCode last = exportNow();
      last.join(remaining(deadline), TimeUnit.NANOSECONDS);
      finalExportEnded = last.isDone();
    } catch (Throwable t) {
      finalExportEnded = true; // said here, not as a timeout
      AgentLog.error("final export failed", t);
    }
    Exporter e = exporter;
    if (e != null) {
      e.shutdown().join(remaining(deadline), TimeUnit.NANOSECONDS);
    }
    resolver.close();
  }

  private static long remaining(long deadlineNanos) {
    return Math.max(0, deadlineNanos - System.nanoTime());
  }

  /** Either of the SDK's two OTLP exporters, which share no interface. */
  private static final class Exporter {
    private final Function<EncodedRequest, CompletableResultCode> export;
    private final Supplier<CompletableResultCode> shutdown;

    Exporter(Function<EncodedRequest, CompletableResultCode> export,
        Supplier<CompletableResultCode> shutdown) {
      this.export = export;
      this.shutdown = shutdown;
    }

    CompletableResultCode export(EncodedRequest request) {
      return export.apply(request);
    }

    CompletableResultCode shutdown() {
      return shutdown.get();
    }
  }

  /**
   * The SDK's OTLP exporter, configured as its public metric exporter builders configure it (their
   * User-Agent included). No retries: every
   * export carries cumulative totals, so the next one makes up for a failed one, while a retried
   * export would deliver a stale snapshot late and hold memory meanwhile.
   */
  private static Exporter exporter(ExportSettings s, Trust trust) {
    // One thread: there is never more than one export in flight, and a slow collector must not
    // make the agent grow threads.
    ExecutorService sender = Executors.newSingleThreadExecutor(new AgentThreads("sli-agent-sender"));
    if (s.protocol == ExportSettings.Protocol.GRPC) {
      GrpcExporterBuilder b = new GrpcExporterBuilder(ExporterType.OTLP_GRPC_METRIC_EXPORTER,
          Duration.ofMillis(s.timeoutMillis), URI.create(s.endpoint), GRPC_METHOD)
          .setEndpoint(s.endpoint)
          .setExecutorService(sender)
          .setComponentLoader(new SenderLoader())
          .setRetryPolicy(null);
      OtlpUserAgent.addUserAgentHeader(b::addConstantHeader);
      configure(s, trust, b::addConstantHeader, b::setCompression, b::setSslContext);
      GrpcExporter grpc = b.build();
      return new Exporter(r -> grpc.export(r, r.metrics()), grpc::shutdown);
    }
    HttpExporterBuilder b = new HttpExporterBuilder(ExporterType.OTLP_HTTP_METRIC_EXPORTER,
        s.endpoint)
        .setEndpoint(s.endpoint)
        .setTimeout(Duration.ofMillis(s.timeoutMillis))
        .setExecutorService(sender)
        .setComponentLoader(new SenderLoader())
        .setRetryPolicy(null);
    OtlpUserAgent.addUserAgentHeader(b::addConstantHeaders);
    configure(s, trust, b::addConstantHeaders, b::setCompression, b::setSslContext);
    HttpExporter http = b.build();
    return new Exporter(r -> http.export(r, r.metrics()), http::shutdown);
  }

  /** The settings both exporter builders share (they have no common interface). */
  private static void configure(ExportSettings s, Trust trust, BiConsumer<String, String> header,
      Consumer<String> compression, BiConsumer<SSLContext, X509TrustManager> tls) {
    s.headers.forEach(header);
    if (s.compression != null) {
      compression.accept(s.compression);
    }
    if (s.endpoint.startsWith("https://")) {
      trust.configure(tls);
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

    /**
     * The TLS the exporter uses: the configured CA (else the JDK's), the client identity if one
     * is set, and SNI for every host name (see {@link SniSslContext}).
     */
    void configure(BiConsumer<SSLContext, X509TrustManager> tls) {
      try {
        X509TrustManager trusted = certificates != null ? TlsUtil.trustManager(certificates)
            : TlsUtil.defaultTrustManager();
        KeyManager[] identity = clientKey == null ? null
            : new KeyManager[] {TlsUtil.keyManager(clientKey, clientCertificate)};
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(identity, new TrustManager[] {trusted}, null);
        tls.accept(new SniSslContext(context), trusted);
      } catch (GeneralSecurityException | IOException e) {
        // Never the PEM text: only which files, and why.
        throw new SettingException("otel.exporter.otlp.certificate / client.key /"
            + " client.certificate: cannot be used for TLS (" + e.getClass().getSimpleName()
            + ")");
      }
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
