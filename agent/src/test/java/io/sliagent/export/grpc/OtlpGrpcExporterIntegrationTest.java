package io.sliagent.export.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real OtlpGrpcMetricExporter, sending through our sender to a real grpc-java server. */
class OtlpGrpcExporterIntegrationTest {

  private static OtlpGrpcMetricExporterBuilder exporter(
      TestSupport.JdkSenderLoader loader, String endpoint) {
    return OtlpGrpcMetricExporter.builder()
        .setEndpoint(endpoint)
        .setComponentLoader(loader)
        .setTimeout(Duration.ofSeconds(10));
  }

  private static CompletableResultCode export(OtlpGrpcMetricExporter exporter, Collection<MetricData> metrics) {
    return exporter.export(metrics).join(30, TimeUnit.SECONDS);
  }

  @Test
  void plaintextExportDeliversExactMetrics() throws Exception {
    TestSupport.JdkSenderLoader loader = new TestSupport.JdkSenderLoader();
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      OtlpGrpcMetricExporter exporter = exporter(loader, "http://127.0.0.1:" + server.port()).build();
      try {
        CompletableResultCode result = export(exporter, TestSupport.sampleMetrics(3, 0));
        assertTrue(result.isSuccess(), () -> "export failed: " + result.getFailureThrowable());
        assertEquals(1, loader.sendersCreated.get());
        assertEquals(1, server.requests.size());
        assertEquals(TestSupport.expected(3), TestSupport.received(server.requests));
      } finally {
        exporter.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void payloadAbove64KiBIsFlowControlledAndSplitIntoFrames() throws Exception {
    TestSupport.JdkSenderLoader loader = new TestSupport.JdkSenderLoader();
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      OtlpGrpcMetricExporter exporter = exporter(loader, "http://127.0.0.1:" + server.port()).build();
      try {
        // ~2000 metrics with 200-char attributes: well over the 64 KiB initial window.
        Collection<MetricData> metrics = TestSupport.sampleMetrics(2000, 200);
        CompletableResultCode result = export(exporter, metrics);
        assertTrue(result.isSuccess(), () -> "export failed: " + result.getFailureThrowable());
        assertEquals(1, server.requests.size());
        assertTrue(server.requests.get(0).getSerializedSize() > 256 * 1024);
        assertEquals(TestSupport.expected(2000), TestSupport.received(server.requests));
      } finally {
        exporter.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void gzipCompressedExport() throws Exception {
    TestSupport.JdkSenderLoader loader = new TestSupport.JdkSenderLoader();
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      OtlpGrpcMetricExporter exporter =
          exporter(loader, "http://127.0.0.1:" + server.port()).setCompression("gzip").build();
      try {
        CompletableResultCode result = export(exporter, TestSupport.sampleMetrics(500, 100));
        assertTrue(result.isSuccess(), () -> "export failed: " + result.getFailureThrowable());
        assertEquals("gzip", server.headers.get(0).get(
            io.grpc.Metadata.Key.of("grpc-encoding", io.grpc.Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals(TestSupport.expected(500), TestSupport.received(server.requests));
      } finally {
        exporter.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void requestHeadersReachTheServer() throws Exception {
    TestSupport.JdkSenderLoader loader = new TestSupport.JdkSenderLoader();
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      server.requiredAuthorization = "Bearer s3cr3t";
      OtlpGrpcMetricExporter exporter =
          exporter(loader, "http://127.0.0.1:" + server.port())
              .addHeader("Authorization", "Bearer s3cr3t")
              .addHeader("X-Tenant", "team-a")
              .build();
      try {
        CompletableResultCode result = export(exporter, TestSupport.sampleMetrics(1, 0));
        assertTrue(result.isSuccess(), () -> "export failed: " + result.getFailureThrowable());
        io.grpc.Metadata headers = server.headers.get(0);
        assertEquals("Bearer s3cr3t", headers.get(TestMetricsServer.AUTHORIZATION));
        assertEquals("team-a", headers.get(
            io.grpc.Metadata.Key.of("x-tenant", io.grpc.Metadata.ASCII_STRING_MARSHALLER)));
        String userAgent = headers.get(
            io.grpc.Metadata.Key.of("user-agent", io.grpc.Metadata.ASCII_STRING_MARSHALLER));
        assertTrue(userAgent != null && userAgent.contains("OTel-OTLP-Exporter-Java"), userAgent);
      } finally {
        exporter.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void connectionIsReusedAcrossExports() throws Exception {
    TestSupport.JdkSenderLoader loader = new TestSupport.JdkSenderLoader();
    try (TestMetricsServer server = TestMetricsServer.plaintext()) {
      OtlpGrpcMetricExporter exporter = exporter(loader, "http://127.0.0.1:" + server.port()).build();
      try {
        for (int i = 0; i < 5; i++) {
          assertTrue(export(exporter, TestSupport.sampleMetrics(2, 0)).isSuccess());
        }
        assertEquals(5, server.requests.size());
        assertEquals(1, new HashSet<>(server.remoteAddresses).size(), "one TCP connection");
      } finally {
        exporter.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void reconnectsAfterServerGoAway() throws Exception {
    TestSupport.JdkSenderLoader loader = new TestSupport.JdkSenderLoader();
    // The server sends GOAWAY after 300ms of connection age and closes 200ms later.
    try (TestMetricsServer server =
        TestMetricsServer.custom(
            b -> b.maxConnectionAge(300, TimeUnit.MILLISECONDS)
                .maxConnectionAgeGrace(200, TimeUnit.MILLISECONDS))) {
      OtlpGrpcMetricExporter exporter = exporter(loader, "http://127.0.0.1:" + server.port()).build();
      try {
        for (int i = 0; i < 4; i++) {
          CompletableResultCode result = export(exporter, TestSupport.sampleMetrics(2, 0));
          assertTrue(result.isSuccess(), () -> "export failed: " + result.getFailureThrowable());
          Thread.sleep(700);
        }
        assertEquals(4, server.requests.size());
        assertTrue(new HashSet<>(server.remoteAddresses).size() >= 2, "reconnected");
      } finally {
        exporter.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void connectionRefusedFailsThroughErrorConsumerWithinTimeout() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    TestSupport.JdkSenderLoader loader = new TestSupport.JdkSenderLoader();
    // Default retry policy: ConnectException is retried until the 2s timeout runs out.
    OtlpGrpcMetricExporter exporter =
        exporter(loader, "http://127.0.0.1:" + port).setTimeout(Duration.ofSeconds(2)).build();
    try {
      long start = System.nanoTime();
      CompletableResultCode result = export(exporter, TestSupport.sampleMetrics(1, 0));
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(result.isDone());
      assertFalse(result.isSuccess());
      assertInstanceOf(ConnectException.class, result.getFailureThrowable().getCause());
      assertTrue(elapsedMs < 3500, "took " + elapsedMs + " ms");
    } finally {
      exporter.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
