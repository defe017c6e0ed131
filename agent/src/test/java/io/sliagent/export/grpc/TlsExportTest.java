package io.sliagent.export.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS with a custom CA: a self-signed certificate made with keytool, trusted by the exporter. */
class TlsExportTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private static Path dir;
  private static PrivateKey key;
  private static X509Certificate cert;

  @BeforeAll
  static void generateCertificate() throws Exception {
    dir = Files.createTempDirectory("sli-agent-grpc-tls");
    File keystore = dir.resolve("server.p12").toFile();
    String keytool =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "keytool";
    Process process =
        new ProcessBuilder(
                keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-keystore", keystore.getPath(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool timed out");
    assertEquals(0, process.exitValue(), output);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore)) {
      store.load(in, PASSWORD);
    }
    key = (PrivateKey) store.getKey("server", PASSWORD);
    cert = (X509Certificate) store.getCertificate("server");
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static byte[] pem(X509Certificate certificate) throws Exception {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(certificate.getEncoded());
    return ("-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void exportsOverTlsWithCustomCaAndAlpnH2() throws Exception {
    TestSupport.JdkSenderLoader loader = new TestSupport.JdkSenderLoader();
    try (TestMetricsServer server = TestMetricsServer.tls(key, cert)) {
      OtlpGrpcMetricExporter exporter =
          OtlpGrpcMetricExporter.builder()
              .setEndpoint("https://localhost:" + server.port())
              .setTrustedCertificates(pem(cert))
              .setComponentLoader(loader)
              .setTimeout(Duration.ofSeconds(10))
              .build();
      try {
        for (int i = 0; i < 2; i++) {
          CompletableResultCode result =
              exporter.export(TestSupport.sampleMetrics(300, 50)).join(30, TimeUnit.SECONDS);
          assertTrue(result.isSuccess(), () -> "export failed: " + result.getFailureThrowable());
        }
        assertEquals(1, loader.sendersCreated.get());
        assertEquals(2, server.requests.size());
        assertEquals(TestSupport.expected(300), TestSupport.received(server.requests.subList(0, 1)));
      } finally {
        exporter.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void untrustedServerCertificateFailsThroughErrorConsumer() throws Exception {
    try (TestMetricsServer server = TestMetricsServer.tls(key, cert)) {
      // Default JDK trust store: our self-signed certificate is not trusted.
      TestSupport.Config config = new TestSupport.Config("https://localhost:" + server.port());
      config.timeout = Duration.ofSeconds(5);
      io.opentelemetry.sdk.common.export.GrpcSender sender =
          new JdkGrpcSenderProvider().createSender(config);
      try {
        TestSupport.Outcome outcome =
            TestSupport.sendAndWait(sender, TestSupport.writer(TestSupport.request("m")));
        assertInstanceOf(SSLException.class, outcome.error);
        assertFalse(server.requests.size() > 0);
      } finally {
        sender.shutdown();
      }
    }
  }
}
