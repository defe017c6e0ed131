package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.SteadyApp;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OTLP over TLS to a collector whose certificate only a custom CA vouches for
 * ({@code OTEL_EXPORTER_OTLP_CERTIFICATE}), with an auth header ({@code OTEL_EXPORTER_OTLP_HEADERS})
 * that reaches the collector and is never logged.
 */
class TlsExportTest {

  static final String TOKEN = "tls-s3cr3t-token";

  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void exportsOverTlsWithACustomCaAndAuthHeaders(String protocol) throws Exception {
    Path dir = Files.createTempDirectory("sli-tls");
    Path keystore = dir.resolve("server.p12");
    Path cert = dir.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "collector", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=collector", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "collector", "-keystore", keystore.toString(),
        "-storepass", "changeit", "-file", cert.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());

    try (OtlpReceiver receiver = OtlpReceiver.startTls(kmf);
        TestHttpServer server = new TestHttpServer()) {
      String endpoint = protocol.equals("grpc") ? receiver.grpcEndpoint()
          : receiver.httpEndpoint();
      assertTrue(endpoint.startsWith("https://"), endpoint);
      ForkedJvm.Result run = ForkedJvm.of(SteadyApp.class)
          .args(String.valueOf(server.port()), "5")
          .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
          .env("OTEL_EXPORTER_OTLP_CERTIFICATE", cert.toString())
          .env("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20" + TOKEN + ",x-tenant=t1")
          .jvmArg("-Dsli.debug=true")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertEquals(5, receiver.latest().count(EndToEndTest.HTTP, Map.of("url.template", "/steady")));
      assertTrue(receiver.headers().stream().anyMatch(h -> h.equalsIgnoreCase(
          "Authorization: [Bearer " + TOKEN + "]")), receiver.headers().toString());
      // Collectors and proxies see who is calling, as with the SDK's own exporters.
      assertTrue(receiver.headers().stream().anyMatch(h -> h.toLowerCase(Locale.ROOT)
          .startsWith("user-agent: [otel-otlp-exporter-java/")), receiver.headers().toString());
      assertFalse(run.stderr.contains(TOKEN), "the auth token was logged:\n" + run.stderr);
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }
}
