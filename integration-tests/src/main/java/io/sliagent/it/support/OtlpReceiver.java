package io.sliagent.it.support;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real OTLP metrics receiver for tests, on loopback: gRPC (grpc-java) and HTTP/protobuf (the
 * JDK's HTTP server), decoding with the official opentelemetry-proto classes. Keeps every request
 * and its raw bytes, so tests can assert on values and search for anything that must not leak.
 */
public final class OtlpReceiver implements AutoCloseable {

  private final List<ExportMetricsServiceRequest> requests = new CopyOnWriteArrayList<>();
  private final List<byte[]> rawBodies = new CopyOnWriteArrayList<>();
  private final List<String> headers = new CopyOnWriteArrayList<>();
  private final HttpServer http;
  private final Server grpc;

  private final boolean tls;

  private OtlpReceiver(int httpPort, KeyManagerFactory identity) throws IOException {
    TestHttpServer.noDelay();
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort);
    tls = identity != null;
    if (tls) {
      SSLContext sslContext;
      try {
        sslContext = SSLContext.getInstance("TLS");
        sslContext.init(identity.getKeyManagers(), null, null);
      } catch (GeneralSecurityException e) {
        throw new IOException(e);
      }
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(sslContext));
      http = https;
    } else {
      http = HttpServer.create(address, 0);
    }
    http.createContext("/v1/metrics", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
      }
      exchange.getRequestHeaders().forEach((k, v) -> headers.add(k + ": " + v));
      rawBodies.add(body);
      requests.add(ExportMetricsServiceRequest.parseFrom(body));
      byte[] reply = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    http.start();
    NettyServerBuilder grpcBuilder =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    if (tls) {
      grpcBuilder.sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(identity))
          .build());
    }
    grpc = grpcBuilder
        .addService(ServerInterceptors.intercept(new MetricsServiceGrpc.MetricsServiceImplBase() {
          @Override
          public void export(ExportMetricsServiceRequest request,
              StreamObserver<ExportMetricsServiceResponse> response) {
            rawBodies.add(request.toByteArray());
            requests.add(request);
            response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
            response.onCompleted();
          }
        }, new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call,
              Metadata metadata, ServerCallHandler<Q, R> next) {
            for (String key : metadata.keys()) {
              if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                headers.add(key + ": [" + metadata.get(
                    Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)) + "]");
              }
            }
            return next.startCall(call, metadata);
          }
        }))
        .build()
        .start();
  }

  public static OtlpReceiver start() throws IOException {
    return new OtlpReceiver(0, null);
  }

  /** A receiver whose HTTP and gRPC endpoints speak TLS with the given server identity. */
  public static OtlpReceiver startTls(KeyManagerFactory identity) throws IOException {
    return new OtlpReceiver(0, identity);
  }

  /** A receiver whose HTTP endpoint listens on {@code port} (for a collector that comes back). */
  public static OtlpReceiver startOnHttpPort(int port) throws IOException {
    return new OtlpReceiver(port, null);
  }

  /** The base endpoint for {@code OTEL_EXPORTER_OTLP_ENDPOINT} with http/protobuf. */
  public String httpEndpoint() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + http.getAddress().getPort();
  }

  /** The endpoint for {@code OTEL_EXPORTER_OTLP_ENDPOINT} with grpc. */
  public String grpcEndpoint() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + grpc.getPort();
  }

  public List<ExportMetricsServiceRequest> requests() {
    return new ArrayList<>(requests);
  }

  public List<String> headers() {
    return new ArrayList<>(headers);
  }

  /** Everything received, as text, for searching planted secrets. */
  public String allBytesAsText() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] b : rawBodies) {
      all.writeBytes(b);
    }
    return all.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** The newest export; since every series is cumulative, it holds the totals. */
  public Exported latest() {
    List<ExportMetricsServiceRequest> all = requests();
    if (all.isEmpty()) {
      throw new AssertionError("nothing arrived at the OTLP receiver");
    }
    return new Exported(all.get(all.size() - 1));
  }

  /** Waits until an export satisfies {@code condition}; returns it. */
  public Exported await(Duration timeout, Predicate<Exported> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<ExportMetricsServiceRequest> all = requests();
      for (int i = all.size() - 1; i >= 0; i--) {
        Exported e = new Exported(all.get(i));
        if (condition.test(e)) {
          return e;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no export satisfied the condition within " + timeout + "; got "
        + requests.size() + " requests");
  }

  @Override
  public void close() {
    http.stop(0);
    grpc.shutdownNow();
  }
}
