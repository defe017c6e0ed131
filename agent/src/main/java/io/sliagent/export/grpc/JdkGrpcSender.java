package io.sliagent.export.grpc;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.sliagent.export.transport.CallExecutor;
import io.sliagent.export.transport.Deadline;
import io.sliagent.export.transport.ExportCall;
import io.sliagent.export.transport.RetryBackoff;
import io.sliagent.export.transport.SocketConnector;
import io.sliagent.export.transport.Watchdog;
import io.sliagent.log.AgentLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link GrpcSender} for unary gRPC calls over a JDK-only HTTP/2 client.
 *
 * <p>Callbacks follow the stock OkHttp sender: every call that got an HTTP/2 response (any gRPC
 * status, including trailers-only errors) goes to {@code onResponse}; transport failures
 * (connect, TLS, timeout, stream reset, GOAWAY, connection loss) go to {@code onError}. Exactly
 * one of them is invoked, and {@link #send} never throws.
 *
 * <p>Exports are serialized on one reused connection: the OTLP exporters have at most a few in
 * flight and the calls are small, so multiplexing is not worth its complexity.
 */
final class JdkGrpcSender implements GrpcSender {
  static final String THREAD_NAME = "sli-agent-grpc";

  /** The codes the stock exporters retry (RetryUtil.retryableGrpcStatusCodes()). */
  private static final Set<GrpcStatusCode> RETRYABLE_CODES =
      EnumSet.of(
          GrpcStatusCode.CANCELLED,
          GrpcStatusCode.DEADLINE_EXCEEDED,
          GrpcStatusCode.RESOURCE_EXHAUSTED,
          GrpcStatusCode.ABORTED,
          GrpcStatusCode.OUT_OF_RANGE,
          GrpcStatusCode.UNAVAILABLE,
          GrpcStatusCode.DATA_LOSS);

  /** Replays on a new connection when the server provably did not process the call. */
  private static final int MAX_TRANSPARENT_REPLAYS = 2;

  private final GrpcEndpoint endpoint;
  private final SocketConnector connector;
  private final Compressor compressor;
  private final Supplier<Map<String, List<String>>> headersSupplier;
  private final RetryPolicy retryPolicy;
  private final long maxResponseBodySize;
  private final CallExecutor calls;

  private final AtomicBoolean shutdown = new AtomicBoolean();
  /** Held for the whole of an attempt: one call at a time on the shared connection. */
  private final ReentrantLock callLock = new ReentrantLock();
  /** Written under {@link #callLock}; volatile so that shutdown() can abort it. */
  private volatile Http2Connection connection;

  private final Watchdog watchdog = new Watchdog(THREAD_NAME + "-timer");

  JdkGrpcSender(GrpcSenderConfig config) {
    this.endpoint = GrpcEndpoint.of(config.getEndpoint(), config.getFullMethodName());
    this.connector =
        new SocketConnector(
            endpoint.target,
            "h2",
            config.getConnectTimeout(),
            config.getSslContext(),
            config.getTrustManager(),
            config.getEnabledProtocols());
    this.compressor = config.getCompressor();
    this.headersSupplier = config.getHeadersSupplier();
    this.retryPolicy = config.getRetryPolicy();
    this.maxResponseBodySize = CallExecutor.maxResponseBody(config.getMaxResponseBodySize());
    this.calls =
        new CallExecutor(config.getExecutorService(), config.getTimeout(), THREAD_NAME, "gRPC");
  }

  @Override
  public void send(
      MessageWriter messageWriter,
      Consumer<GrpcResponse> onResponse,
      Consumer<Throwable> onError) {
    calls.submit(messageWriter, onResponse, onError, this::execute);
  }

  @Override
  public CompletableResultCode shutdown() {
    if (!shutdown.compareAndSet(false, true)) {
      return CompletableResultCode.ofSuccess();
    }
    Http2Connection current = connection;
    if (current != null) {
      if (callLock.tryLock()) {
        try {
          current.close(); // idle: polite GOAWAY
        } finally {
          callLock.unlock();
        }
      } else {
        // A call is in flight and may hold the write side: fail it without writing.
        current.abort(new IOException("gRPC sender was shut down"));
      }
    }
    calls.shutdown();
    watchdog.stop();
    return CompletableResultCode.ofSuccess();
  }

  /** Runs one export: prepares the request once, then attempts it with retries. */
  private void execute(ExportCall<GrpcResponse> call) {
    GrpcRequest request;
    try {
      Map<String, List<String>> headers = headersSupplier == null ? null : headersSupplier.get();
      request = GrpcRequest.create(endpoint, compressor, headers, call.writer);
    } catch (Throwable t) {
      call.fail(t);
      return;
    }
    RetryBackoff.run(
        call,
        retryPolicy,
        RetryBackoff::isConnectivityFailure,
        deadline -> attempt(request, deadline),
        response ->
            RETRYABLE_CODES.contains(response.getStatusCode())
                ? RetryBackoff.BACKOFF
                : RetryBackoff.FINAL,
        shutdown::get,
        "gRPC call to " + endpoint);
  }

  /** One attempt: the gRPC exchange on the shared connection, plus transparent replays. */
  private GrpcResponse attempt(GrpcRequest request, Deadline deadline) throws IOException {
    deadline.acquire(callLock, "gRPC call");
    try {
      for (int replay = 0; ; replay++) {
        checkNotShutdown();
        Http2Connection conn = connection;
        boolean reused = conn != null && conn.isUsable();
        if (!reused) {
          if (conn != null) {
            conn.close();
          }
          connection = null;
          conn = Http2Connection.start(connector.connect(deadline), endpoint.target.authority);
          connection = conn;
          if (shutdown.get()) {
            conn.abort(new IOException("gRPC sender was shut down"));
            throw new IOException("gRPC sender was shut down");
          }
        }
        Http2Stream stream = null;
        ScheduledFuture<?> armed = null;
        try {
          long grpcTimeout = deadline.isBounded() ? deadline.remainingNanos() : 0;
          // Socket writes cannot time out: at the deadline the connection is aborted.
          Http2Connection exchanging = conn;
          armed = watchdog.arm(deadline, () -> exchanging.abort(timeout(deadline)));
          stream =
              conn.openStream(
                  request.headers(grpcTimeout),
                  request.userHeadersFrom(grpcTimeout),
                  maxResponseBodySize);
          conn.writeData(stream, request.body, 0, request.body.length, deadline);
          conn.awaitResponse(stream, deadline);
          conn.release(stream);
          return GrpcResponses.fromStream(stream, maxResponseBodySize);
        } catch (IOException caught) {
          // Past the deadline the watchdog closed the socket: report the timeout, not its symptom.
          IOException e = deadline.blame(caught, "gRPC call");
          boolean started = stream != null && conn.responseStarted(stream);
          if (stream != null) {
            conn.release(stream);
          }
          if (e instanceof InterruptedIOException) {
            // Timed out or interrupted: the server may be hung, do not reuse this connection.
            conn.abort(e);
          }
          if (!conn.isUsable() && connection == conn) {
            conn.close();
            connection = null;
          }
          if (replay < MAX_TRANSPARENT_REPLAYS
              && isSafeToReplay(e, reused, started)
              && !deadline.isExpired()
              && !shutdown.get()) {
            AgentLog.debug("gRPC: replaying call to " + endpoint + " after " + e);
            continue;
          }
          throw e;
        } finally {
          Watchdog.disarm(armed);
        }
      }
    } finally {
      callLock.unlock();
    }
  }

  /**
   * A replay cannot duplicate data when the server said it did not process the stream, or when a
   * previously idle connection turned out to be dead before any response arrived (the server
   * closed it while idle; OkHttp retries these too).
   */
  private static boolean isSafeToReplay(IOException e, boolean reusedConnection, boolean started) {
    if (e instanceof Http2Exception) {
      return ((Http2Exception) e).isUnprocessed();
    }
    return reusedConnection && !started && !(e instanceof InterruptedIOException);
  }

  private void checkNotShutdown() throws IOException {
    if (shutdown.get()) {
      throw new IOException("gRPC sender was shut down");
    }
  }

  private static SocketTimeoutException timeout(Deadline deadline) {
    return deadline.exceeded("gRPC call");
  }
}
