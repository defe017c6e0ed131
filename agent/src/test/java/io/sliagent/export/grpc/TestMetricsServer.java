package io.sliagent.export.grpc;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A real grpc-java (Netty) OTLP metrics server on 127.0.0.1 that records what it receives. */
final class TestMetricsServer implements AutoCloseable {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  final List<ExportMetricsServiceRequest> requests = new CopyOnWriteArrayList<>();
  final List<Metadata> headers = new CopyOnWriteArrayList<>();
  final List<SocketAddress> remoteAddresses = new CopyOnWriteArrayList<>();

  /** Statuses to fail the next calls with, in order; empty = succeed. */
  final ConcurrentLinkedQueue<Status> failures = new ConcurrentLinkedQueue<>();

  /** When set, calls without exactly this authorization header get PERMISSION_DENIED early. */
  volatile String requiredAuthorization;

  /** When set, the response carries a partial_success with this (possibly huge) message. */
  volatile String partialSuccessMessage;

  private final Server server;

  private TestMetricsServer(Consumer<NettyServerBuilder> customizer) throws Exception {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .maxInboundMessageSize(64 * 1024 * 1024)
            .addService(ServerInterceptors.intercept(new Service(), new Interceptor()));
    customizer.accept(builder);
    this.server = builder.build().start();
  }

  static TestMetricsServer plaintext() throws Exception {
    return new TestMetricsServer(b -> {});
  }

  static TestMetricsServer custom(Consumer<NettyServerBuilder> customizer) throws Exception {
    return new TestMetricsServer(customizer);
  }

  static TestMetricsServer tls(PrivateKey key, X509Certificate cert) throws Exception {
    return new TestMetricsServer(
        b -> {
          try {
            b.sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(key, cert)).build());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  private final class Interceptor implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata metadata, ServerCallHandler<ReqT, RespT> next) {
      headers.add(metadata);
      remoteAddresses.add(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
      String required = requiredAuthorization;
      if (required != null && !required.equals(metadata.get(AUTHORIZATION))) {
        // Rejected before the request message is read: a trailers-only response.
        call.close(Status.PERMISSION_DENIED.withDescription("bad credentials"), new Metadata());
        return new ServerCall.Listener<ReqT>() {};
      }
      return next.startCall(call, metadata);
    }
  }

  private final class Service extends MetricsServiceGrpc.MetricsServiceImplBase {
    @Override
    public void export(
        ExportMetricsServiceRequest request,
        StreamObserver<ExportMetricsServiceResponse> responseObserver) {
      requests.add(request);
      Status failure = failures.poll();
      if (failure != null) {
        responseObserver.onError(failure.asRuntimeException());
        return;
      }
      ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
      String partial = partialSuccessMessage;
      if (partial != null) {
        response.setPartialSuccess(
            ExportMetricsPartialSuccess.newBuilder()
                .setRejectedDataPoints(7)
                .setErrorMessage(partial));
      }
      responseObserver.onNext(response.build());
      responseObserver.onCompleted();
    }
  }
}
