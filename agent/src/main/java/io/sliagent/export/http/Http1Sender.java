package io.sliagent.export.http;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.sliagent.export.transport.CallExecutor;
import io.sliagent.export.transport.Deadline;
import io.sliagent.export.transport.ExportCall;
import io.sliagent.export.transport.RetryBackoff;
import io.sliagent.export.transport.SocketConnector;
import io.sliagent.export.transport.Target;
import io.sliagent.export.transport.Watchdog;
import io.sliagent.export.transport.Wire;
import io.sliagent.log.AgentLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * {@link HttpSender} for OTLP/HTTP: HTTP/1.1 POSTs on one kept-alive socket of our own.
 *
 * <p>Why not the JDK's HttpClient, as the SDK's stock sender does: the application may use that
 * client too, and an export's POST through it takes paths and types through the shared JDK code
 * that the application's requests never did, so the JIT throws away and recompiles the
 * application's compiled HttpClient code at every export (measured in BENCHMARKS.md). A plain
 * socket shares almost nothing with it.
 *
 * <p>Callbacks follow the stock sender: any HTTP response goes to {@code onResponse}; transport
 * failures (connect, TLS, timeout, connection lost, malformed or rejected response) go to {@code
 * onError}. Exactly one of them is invoked, and {@link #send} never throws. Exports are
 * serialized on the one connection: the metric reader has at most one in flight.
 */
final class Http1Sender implements HttpSender {
  static final String THREAD_NAME = "sli-agent-http";

  /** The statuses the stock senders retry (RetryUtil.retryableHttpResponseCodes()). */
  private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 502, 503, 504);

  private final Target target;
  private final String pathAndQuery;
  private final SocketConnector connector;
  private final String contentType;
  private final Compressor compressor;
  private final Supplier<Map<String, List<String>>> headersSupplier;
  private final RetryPolicy retryPolicy;
  private final long maxResponseBodySize;
  private final CallExecutor calls;
  private final Watchdog watchdog = new Watchdog(THREAD_NAME + "-timer");

  private final AtomicBoolean shutdown = new AtomicBoolean();
  /** Held for the whole of an attempt: one exchange at a time on the connection. */
  private final ReentrantLock callLock = new ReentrantLock();
  /** Written under {@link #callLock}; volatile so that shutdown() can abort it. */
  private volatile Http1Connection connection;

  Http1Sender(HttpSenderConfig config) {
    if (config.getProxyOptions() != null) {
      // The agent configures no proxy; refuse rather than silently connect directly.
      throw new IllegalArgumentException("OTLP/HTTP through a proxy is not supported");
    }
    this.contentType = config.getContentType();
    this.target = Target.of(config.getEndpoint(), "OTLP/HTTP endpoint");
    this.pathAndQuery = Http1Request.pathAndQuery(config.getEndpoint());
    this.connector =
        new SocketConnector(
            target,
            null,
            config.getConnectTimeout(),
            config.getSslContext(),
            config.getTrustManager(),
            config.getEnabledProtocols());
    this.compressor = config.getCompressor();
    this.headersSupplier = config.getHeadersSupplier();
    this.retryPolicy = config.getRetryPolicy();
    this.maxResponseBodySize = CallExecutor.maxResponseBody(config.getMaxResponseBodySize());
    this.calls = new CallExecutor(
        config.getExecutorService(), config.getTimeout(), THREAD_NAME, "OTLP/HTTP");
  }

  @Override
  public void send(
      MessageWriter messageWriter,
      Consumer<HttpResponse> onResponse,
      Consumer<Throwable> onError) {
    calls.submit(messageWriter, onResponse, onError, this::execute);
  }

  @Override
  public CompletableResultCode shutdown() {
    if (!shutdown.compareAndSet(false, true)) {
      return CompletableResultCode.ofSuccess();
    }
    // Idle or not, closing the socket is all HTTP/1.1 needs; an exchange in flight fails.
    Http1Connection current = connection;
    if (current != null) {
      current.close();
    }
    calls.shutdown();
    watchdog.stop();
    return CompletableResultCode.ofSuccess();
  }

  /** Runs one export: prepares the request once, then attempts it with retries. */
  private void execute(ExportCall<HttpResponse> call) {
    Http1Request request;
    try {
      Map<String, List<String>> headers = headersSupplier == null ? null : headersSupplier.get();
      request =
          Http1Request.create(
              target, pathAndQuery, contentType, compressor, headers, call.writer);
    } catch (Throwable t) {
      call.fail(t);
      return;
    }
    RetryBackoff.run(
        call,
        retryPolicy,
        Http1Sender::isRetryable,
        deadline -> attempt(request, deadline),
        response ->
            RETRYABLE_STATUS.contains(response.getStatusCode())
                ? ((Http1Response) response).retryAfterNanos
                : RetryBackoff.FINAL,
        shutdown::get,
        "OTLP/HTTP export to " + target);
  }

  /**
   * One attempt on the kept-alive connection. When a reused connection turns out dead before any
   * response byte (the server closed it while idle), the export is sent once more on a new one:
   * the server did not answer it, and a cumulative export delivered twice changes nothing.
   */
  private HttpResponse attempt(Http1Request request, Deadline deadline) throws IOException {
    deadline.acquire(callLock, "OTLP/HTTP export");
    try {
      for (int replay = 0; ; replay++) {
        if (shutdown.get()) {
          throw new IOException("OTLP/HTTP sender was shut down");
        }
        Http1Connection conn = connection;
        boolean reused = conn != null && conn.isUsable();
        if (!reused) {
          if (conn != null) {
            conn.close(); // went stale while idle (closed, or bytes nobody asked for)
          }
          connection = null;
          Wire wire = connector.connect(deadline);
          try {
            conn = new Http1Connection(wire);
          } catch (IOException | RuntimeException e) {
            wire.close();
            throw e;
          }
          connection = conn;
          if (shutdown.get()) {
            conn.close();
            throw new IOException("OTLP/HTTP sender was shut down");
          }
        }
        // Socket writes cannot time out: at the deadline the connection is closed under them.
        // (So a server that answers early and then neither reads nor closes holds the export
        // until its deadline; the JDK's HttpClient would read the answer while still writing.)
        Http1Connection exchanging = conn;
        ScheduledFuture<?> armed = watchdog.arm(deadline, exchanging::close);
        try {
          return conn.exchange(request, maxResponseBodySize);
        } catch (IOException caught) {
          // Past the deadline the watchdog closed the socket: report the timeout, not its symptom.
          IOException e = deadline.blame(caught, "OTLP/HTTP export");
          if (replay == 0
              && reused
              && !conn.responseStarted()
              && !(e instanceof InterruptedIOException)
              && !(e instanceof ResponseRejected)
              && !shutdown.get()) {
            AgentLog.debug("OTLP/HTTP: resending on a new connection after " + e);
            continue;
          }
          throw e;
        } finally {
          Watchdog.disarm(armed);
          if (!conn.isUsable()) {
            conn.close();
            if (connection == conn) {
              connection = null;
            }
          }
        }
      }
    } finally {
      callLock.unlock();
    }
  }

  /**
   * The stock JDK sender's default: almost every I/O failure is transient, except TLS failures
   * and responses we refuse, which would repeat.
   */
  static boolean isRetryable(IOException e) {
    return !(e instanceof SSLException) && !(e instanceof ResponseRejected);
  }
}
