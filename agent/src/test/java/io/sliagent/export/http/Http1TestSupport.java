package io.sliagent.export.http;

import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.sliagent.export.transport.MutableSenderConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Fixtures for driving {@link Http1Sender} directly. */
final class Http1TestSupport {
  static final String PROTOBUF = "application/x-protobuf";

  private Http1TestSupport() {}

  /** Mutable HttpSenderConfig. */
  static final class Config extends MutableSenderConfig implements HttpSenderConfig {
    String contentType = PROTOBUF;
    ProxyOptions proxyOptions;

    Config(String endpoint) {
      super(endpoint);
    }

    @Override
    public String getContentType() {
      return contentType;
    }

    @Override
    public ProxyOptions getProxyOptions() {
      return proxyOptions;
    }
  }

  /** What one send led to: the callbacks invoked (there must be exactly one), on which thread. */
  static final class Outcome {
    final AtomicInteger callbacks = new AtomicInteger();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final long start = System.nanoTime();
    volatile HttpResponse response;
    volatile Throwable error;
    volatile Thread thread;
    volatile long elapsedMillis;

    void completed(HttpResponse response, Throwable error) {
      if (callbacks.incrementAndGet() == 1) {
        this.response = response;
        this.error = error;
        this.thread = Thread.currentThread();
        this.elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        done.complete(null);
      }
    }

    Outcome await() throws Exception {
      done.get(30, TimeUnit.SECONDS);
      return this;
    }

    /** The response; fails if the send ended in onError instead. */
    HttpResponse response() throws Exception {
      await();
      if (error != null) {
        throw new AssertionError("expected a response, got an error", error);
      }
      return response;
    }

    /** The error; fails if the send ended in onResponse instead. */
    Throwable error() throws Exception {
      await();
      if (response != null) {
        throw new AssertionError("expected an error, got " + response.getStatusCode());
      }
      return error;
    }
  }

  static Outcome send(HttpSender sender, MessageWriter writer) {
    Outcome outcome = new Outcome();
    sender.send(writer, r -> outcome.completed(r, null), e -> outcome.completed(null, e));
    return outcome;
  }

  /** Writes {@code bytes} in several writes, as a protobuf serializer would. */
  static MessageWriter writer(byte[] bytes) {
    return new MessageWriter() {
      @Override
      public void writeMessage(OutputStream output) throws IOException {
        for (int off = 0; off < bytes.length; off += 4000) {
          output.write(bytes, off, Math.min(4000, bytes.length - off));
        }
      }

      @Override
      public int getContentLength() {
        return bytes.length;
      }
    };
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  /** A self-signed certificate for 127.0.0.1 made once with keytool, as TlsExportTest does. */
  static final class SelfSignedCertificate {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static KeyStore keyStore;

    private SelfSignedCertificate() {}

    static synchronized KeyStore keyStore() throws Exception {
      if (keyStore == null) {
        Path dir = Files.createTempDirectory("sli-agent-http1-tls");
        File file = dir.resolve("server.p12").toFile();
        try {
          String keytool =
              System.getProperty("java.home") + File.separator + "bin" + File.separator
                  + "keytool";
          Process process =
              new ProcessBuilder(
                      keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname",
                      "secp256r1", "-dname", "CN=localhost", "-ext",
                      "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore",
                      file.getPath(), "-storetype", "PKCS12", "-storepass", "changeit",
                      "-keypass", "changeit")
                  .redirectErrorStream(true)
                  .start();
          String output =
              new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
          }
          KeyStore store = KeyStore.getInstance("PKCS12");
          try (InputStream in = new FileInputStream(file)) {
            store.load(in, PASSWORD);
          }
          keyStore = store;
        } finally {
          file.delete();
          dir.toFile().delete();
        }
      }
      return keyStore;
    }

    /** The server's side: its key and certificate. */
    static SSLContext serverContext() throws Exception {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore(), PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    }

    /** A client's trust manager that trusts exactly this certificate. */
    static X509TrustManager trustManager() throws Exception {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("server", keyStore().getCertificate("server"));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager) {
          return (X509TrustManager) tm;
        }
      }
      throw new IllegalStateException("no X509TrustManager");
    }

    /** A client's SSLContext that trusts exactly this certificate. */
    static SSLContext clientContext() throws Exception {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager()}, null);
      return context;
    }
  }
}
