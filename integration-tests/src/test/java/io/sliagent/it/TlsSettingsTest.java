package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.sliagent.it.app.SteadyApp;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.TestHttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS that never fails silently: the collector's name is checked, client certificates work
 * against a collector that requires them, SNI names a collector whose name has no dot, and TLS
 * settings that cannot work are said, naming the settings, without a secret in any line.
 */
class TlsSettingsTest {

  private static final String TOKEN = "hdr-s3cr3t-4711";
  private static final String PASSWORD = "us3r-s3cr3t-0815";

  @TempDir
  static Path dir;
  private static Identity collector;
  private static Identity stranger;
  private static Identity client;

  @BeforeAll
  static void certificates() throws Exception {
    collector = Identity.create(dir, "collector", "dns:localhost,ip:127.0.0.1");
    stranger = Identity.create(dir, "stranger", "dns:other.example");
    client = Identity.create(dir, "client", "dns:client.example");
  }

  @Test
  void aCertificateForAnotherNameIsRefused() throws Exception {
    try (Collector good = new Collector(collector, null);
        Collector wrongName = new Collector(stranger, null);
        TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result ok = app(server).env("OTEL_EXPORTER_OTLP_ENDPOINT", good.endpoint("127.0.0.1"))
          .env("OTEL_EXPORTER_OTLP_CERTIFICATE", collector.certificate.toString()).run();
      assertEquals(0, ok.exitCode, ok.toString());
      assertTrue(good.exports.get() > 0, "the trusted collector got nothing:\n" + ok.stderr);

      // Trusted as a certificate, but issued for other.example, not for 127.0.0.1.
      ForkedJvm.Result refused = app(server)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", wrongName.endpoint("127.0.0.1"))
          .env("OTEL_EXPORTER_OTLP_CERTIFICATE", stranger.certificate.toString()).run();
      assertEquals(0, refused.exitCode, refused.toString());
      assertEquals(ok.stdout, refused.stdout);
      assertEquals(0, wrongName.exports.get(), "a certificate for another name was accepted");
      assertTrue(refused.stderr.contains("SSLPeerUnverifiedException: Hostname 127.0.0.1 not"
          + " verified"), refused.stderr);
    }
  }

  @Test
  void clientCertificatesReachACollectorThatRequiresThem() throws Exception {
    try (Collector strict = new Collector(collector, client);
        TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result without = app(server)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", strict.endpoint("127.0.0.1"))
          .env("OTEL_EXPORTER_OTLP_CERTIFICATE", collector.certificate.toString()).run();
      assertEquals(0, without.exitCode, without.toString());
      assertEquals(0, strict.exports.get(), "the collector took an export without a client"
          + " certificate");

      ForkedJvm.Result with = app(server)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", strict.endpoint("127.0.0.1"))
          .env("OTEL_EXPORTER_OTLP_CERTIFICATE", collector.certificate.toString())
          .env("OTEL_EXPORTER_OTLP_CLIENT_KEY", client.key.toString())
          .env("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", client.certificate.toString()).run();
      assertEquals(0, with.exitCode, with.toString());
      assertTrue(strict.exports.get() > 0, "the client certificate was not accepted:\n"
          + with.stderr);
    }
  }

  @Test
  void sniNamesAHostWithoutADot() throws Exception {
    try (Collector named = new Collector(collector, null);
        TestHttpServer server = new TestHttpServer()) {
      // localhost, like otel-collector in Kubernetes, is a name the JDK alone sends no SNI for.
      ForkedJvm.Result run = app(server).env("OTEL_EXPORTER_OTLP_ENDPOINT", named.endpoint("localhost"))
          .env("OTEL_EXPORTER_OTLP_CERTIFICATE", collector.certificate.toString()).run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(named.exports.get() > 0, run.stderr);
      assertTrue(named.serverNames.contains("localhost"), "SNI sent: " + named.serverNames);
    }
  }

  @Test
  void tlsSettingsThatCannotWorkAreSaidNamingTheSettings() throws Exception {
    try (TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result plain = app(server).env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")
          .env("OTEL_EXPORTER_OTLP_CERTIFICATE", collector.certificate.toString()).run();
      assertEquals(0, plain.exitCode, plain.toString());
      assertTrue(plain.stderr.contains("environment variable OTEL_EXPORTER_OTLP_CERTIFICATE is set"
          + " but environment variable OTEL_EXPORTER_OTLP_ENDPOINT is http://"), plain.stderr);

      ForkedJvm.Result half = app(server).env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://127.0.0.1:9")
          .env("OTEL_EXPORTER_OTLP_CLIENT_KEY", client.key.toString()).run();
      assertEquals(0, half.exitCode, half.toString());
      assertEquals(plain.stdout, half.stdout);
      assertTrue(half.stderr.contains("metrics export is off: environment variable"
          + " OTEL_EXPORTER_OTLP_CLIENT_KEY is set without environment variable"
          + " OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"), half.stderr);
      // Measuring goes on without the export.
      assertTrue(half.stderr.contains("sli-agent ") && half.stderr.contains(" started;"),
          half.stderr);
    }
  }

  @Test
  void aMalformedHeaderIsNamedAndNoSecretIsEverLogged() throws Exception {
    try (Collector stranger = new Collector(TlsSettingsTest.stranger, null);
        TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result bad = app(server).env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")
          .env("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%zz" + TOKEN).run();
      assertEquals(0, bad.exitCode, bad.toString());
      assertTrue(bad.stderr.contains("metrics export is off: environment variable"
          + " OTEL_EXPORTER_OTLP_HEADERS: the value of 'authorization' has a malformed %-escape"),
          bad.stderr);
      assertTrue(bad.stderr.contains(" started;"), bad.stderr);
      assertFalse(bad.stderr.contains(TOKEN) || bad.stderr.contains("%zz"), bad.stderr);

      // An export that fails (a certificate for another name) with a token in a header and a
      // password in the endpoint's user-info: neither appears in anything said.
      for (String protocol : List.of("http/protobuf", "grpc")) {
        ForkedJvm.Result failing = app(server)
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", stranger.endpoint("user:" + PASSWORD
                + "@127.0.0.1"))
            .env("OTEL_EXPORTER_OTLP_CERTIFICATE", TlsSettingsTest.stranger.certificate.toString())
            .env("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20" + TOKEN)
            .jvmArg("-Dsli.debug=true").run();
        assertEquals(0, failing.exitCode, failing.toString());
        assertTrue(failing.stderr.contains("export failed"), failing.stderr);
        assertFalse(failing.stderr.contains(TOKEN), protocol + ": the token was logged:\n"
            + failing.stderr);
        assertFalse(failing.stderr.contains(PASSWORD), protocol + ": the user-info was logged:\n"
            + failing.stderr);
      }
    }
  }

  private static ForkedJvm app(TestHttpServer server) {
    return ForkedJvm.of(SteadyApp.class).args(String.valueOf(server.port()), "5", "1500")
        .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
        .env("OTEL_EXPORTER_OTLP_TIMEOUT", "2000");
  }

  /** A key pair and its self-signed certificate, as a PKCS12 store and as PEM files. */
  private static final class Identity {
    final KeyStore store;
    final Path certificate;
    final Path key;

    private Identity(KeyStore store, Path certificate, Path key) {
      this.store = store;
      this.certificate = certificate;
      this.key = key;
    }

    static Identity create(Path dir, String name, String san) throws Exception {
      Path p12 = dir.resolve(name + ".p12");
      Path pem = dir.resolve(name + ".pem");
      keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2", "-storetype",
          "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit");
      keytool("-exportcert", "-rfc", "-alias", name, "-keystore", p12.toString(), "-storepass",
          "changeit", "-file", pem.toString());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(p12)) {
        ks.load(in, "changeit".toCharArray());
      }
      byte[] pkcs8 = ks.getKey(name, "changeit".toCharArray()).getEncoded();
      Path key = Files.writeString(dir.resolve(name + "-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(pkcs8)
          + "\n-----END PRIVATE KEY-----\n");
      return new Identity(ks, pem, key);
    }

    private static void keytool(String... args) throws Exception {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), out);
    }
  }

  /**
   * An OTLP/HTTP collector over TLS (the JDK's HTTPS server) that counts the exports it took,
   * records the SNI names clients sent, and requires a client certificate when given one.
   */
  private static final class Collector implements AutoCloseable {
    final AtomicInteger exports = new AtomicInteger();
    final List<String> serverNames = new CopyOnWriteArrayList<>();
    private final HttpsServer server;

    Collector(Identity identity, Identity requiredClient) throws Exception {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(identity.store, "changeit".toCharArray());
      TrustManagerFactory tmf = null;
      if (requiredClient != null) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(requiredClient.store);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(context) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters p = context.getDefaultSSLParameters();
          p.setNeedClientAuth(requiredClient != null);
          p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
            @Override
            public boolean matches(SNIServerName name) {
              serverNames.add(((SNIHostName) name).getAsciiName());
              return true;
            }
          }));
          params.setSSLParameters(p);
        }
      });
      server.createContext("/v1/metrics", exchange -> {
        exchange.getRequestBody().readAllBytes();
        exports.incrementAndGet();
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      server.start();
    }

    /** The https endpoint on {@code host} (which may carry user-info). */
    String endpoint(String host) {
      return "https://" + host + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
