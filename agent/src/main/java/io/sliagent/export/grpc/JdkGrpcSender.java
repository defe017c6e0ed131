package io.sliagent.export.grpc;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.sliagent.log.AgentLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

  /** Replays on a new connection when the server provably did not process the call. */
  private static final int MAX_TRANSPARENT_REPLAYS = 2;

  private final GrpcEndpoint endpoint;
  private final SocketConnector connector;
  private final Compressor compressor;
  private final GrpcSenderConfig config;
  private final Supplier<Map<String, List<String>>> headersSupplier;
  private final RetryPolicy retryPolicy;
  private final long maxResponseBodySize;
  private final ExecutorService executor;
  private final boolean ownsExecutor;

  private final AtomicBoolean shutdown = new AtomicBoolean();
  /** Held for the whole of an attempt: one call at a time on the shared connection. */
  private final ReentrantLock callLock = new ReentrantLock();
  /** Written under {@link #callLock}; volatile so that shutdown() can abort it. */
  private volatile Http2Connection connection;

  private final Object timerLock = new Object();
  private ScheduledThreadPoolExecutor timer; // guarded by timerLock, created on first use

  JdkGrpcSender(GrpcSenderConfig config) {
    this.config = config;
    this.endpoint = GrpcEndpoint.of(config.getEndpoint(), config.getFullMethodName());
    this.connector =
        new SocketConnector(
            endpoint,
            config.getConnectTimeout() == null
                ? 0
                : Deadline.saturatedNanos(config.getConnectTimeout()),
            config.getSslContext(),
            config.getTrustManager(),
            config.getEnabledProtocols());
    this.compressor = config.getCompressor();
    this.headersSupplier = config.getHeadersSupplier();
    this.retryPolicy = config.getRetryPolicy();
    this.maxResponseBodySize =
        config.getMaxResponseBodySize() > 0 ? config.getMaxResponseBodySize() : Long.MAX_VALUE;
    ExecutorService configured = config.getExecutorService();
    if (configured != null) {
      this.executor = configured;
      this.ownsExecutor = false;
    } else {
      // One thread suffices as calls are serialized anyway; it exits when idle.
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads(THREAD_NAME));
      pool.allowCoreThreadTimeOut(true);
      this.executor = pool;
      this.ownsExecutor = true;
    }
  }

  @Override
  public void send(
      MessageWriter messageWriter,
      Consumer<GrpcResponse> onResponse,
      Consumer<Throwable> onError) {
    Call call = null;
    try {
      // The deadline starts now, as in the stock senders: queueing time counts against it.
      call = new Call(messageWriter, onResponse, onError, Deadline.after(config.getTimeout()));
      if (shutdown.get()) {
        call.fail(new IOException("gRPC sender is shut down"));
        return;
      }
      executor.execute(call);
    } catch (Throwable t) {
      if (call != null) {
        call.fail(t);
      } else {
        safeAccept(onError, t);
      }
    }
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
    if (ownsExecutor) {
      for (Runnable pending : executor.shutdownNow()) {
        if (pending instanceof Call) {
          ((Call) pending).fail(new IOException("gRPC sender was shut down"));
        }
      }
    }
    synchronized (timerLock) {
      if (timer != null) {
        timer.shutdownNow();
      }
    }
    return CompletableResultCode.ofSuccess();
  }

  /** Runs one export: prepares the request once, then attempts it with retries. */
  private void execute(Call call) {
    GrpcRequest request;
    try {
      Map<String, List<String>> headers = headersSupplier == null ? null : headersSupplier.get();
      request = GrpcRequest.create(endpoint, compressor, headers, call.writer);
    } catch (Throwable t) {
      call.fail(t);
      return;
    }
    RetryBackoff backoff = retryPolicy == null ? null : new RetryBackoff(retryPolicy);
    for (int attempt = 0; ; attempt++) {
      if (call.deadline.isExpired()) {
        call.fail(timeout(call.deadline));
        return;
      }
      try {
        GrpcResponse response = attempt(request, call.deadline);
        boolean retry =
            backoff != null
                && RetryBackoff.isRetryable(response)
                && backoff.canRetry(attempt)
                && backoff.sleep(call.deadline)
                && !shutdown.get();
        if (!retry) {
          call.succeed(response);
          return;
        }
        AgentLog.debug(
            "gRPC: attempt " + (attempt + 1) + " to " + endpoint + " returned "
                + response.getStatusCode() + "; retrying");
      } catch (IOException e) {
        boolean retry =
            backoff != null
                && backoff.isRetryable(e)
                && backoff.canRetry(attempt)
                && backoff.sleep(call.deadline)
                && !shutdown.get();
        if (!retry) {
          call.fail(e);
          return;
        }
        AgentLog.debug(
            "gRPC: attempt " + (attempt + 1) + " to " + endpoint + " failed (" + e + "); retrying");
      }
    }
  }

  /** One attempt: the gRPC exchange on the shared connection, plus transparent replays. */
  private GrpcResponse attempt(GrpcRequest request, Deadline deadline) throws IOException {
    acquireCallLock(deadline);
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
          conn = Http2Connection.start(connector.connect(deadline), endpoint.authority);
          connection = conn;
          if (shutdown.get()) {
            conn.abort(new IOException("gRPC sender was shut down"));
            throw new IOException("gRPC sender was shut down");
          }
        }
        Http2Stream stream = null;
        ScheduledFuture<?> watchdog = null;
        try {
          long grpcTimeout = deadline.isBounded() ? deadline.remainingNanos() : 0;
          watchdog = scheduleWatchdog(conn, deadline);
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
          IOException e = caught;
          if (deadline.isExpired() && !(e instanceof InterruptedIOException)) {
            // The watchdog closed the socket under a writer: report the timeout, not the symptom.
            e = timeout(deadline);
            e.initCause(caught);
          }
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
          if (watchdog != null) {
            watchdog.cancel(false);
          }
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

  private void acquireCallLock(Deadline deadline) throws IOException {
    try {
      long remaining = deadline.remainingNanos();
      if (!callLock.tryLock(remaining, TimeUnit.NANOSECONDS)) {
        throw timeout(deadline);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the gRPC connection");
    }
  }

  private void checkNotShutdown() throws IOException {
    if (shutdown.get()) {
      throw new IOException("gRPC sender was shut down");
    }
  }

  /**
   * Socket writes cannot time out in java.net, so a timer closes the connection at the deadline;
   * that unblocks any writer and fails the call with a timeout.
   */
  private ScheduledFuture<?> scheduleWatchdog(Http2Connection conn, Deadline deadline) {
    if (!deadline.isBounded()) {
      return null;
    }
    synchronized (timerLock) {
      if (shutdown.get()) {
        return null;
      }
      if (timer == null) {
        timer = new ScheduledThreadPoolExecutor(1, daemonThreads(THREAD_NAME + "-timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(60, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
      }
      return timer.schedule(
          () -> conn.abort(timeout(deadline)), deadline.remainingNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private static SocketTimeoutException timeout(Deadline deadline) {
    return new SocketTimeoutException(
        "gRPC call timed out after " + deadline.timeoutMillis() + " ms");
  }

  private static ThreadFactory daemonThreads(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private static <T> void safeAccept(Consumer<T> consumer, T value) {
    try {
      if (consumer != null) {
        consumer.accept(value);
      }
    } catch (Throwable t) {
      AgentLog.errorOnce("grpc-sender-callback", "gRPC export callback failed", t);
    }
  }

  /** One export; guarantees a single callback. */
  private final class Call implements Runnable {
    final MessageWriter writer;
    final Deadline deadline;
    private final Consumer<GrpcResponse> onResponse;
    private final Consumer<Throwable> onError;
    private final AtomicBoolean completed = new AtomicBoolean();

    Call(
        MessageWriter writer,
        Consumer<GrpcResponse> onResponse,
        Consumer<Throwable> onError,
        Deadline deadline) {
      this.writer = writer;
      this.onResponse = onResponse;
      this.onError = onError;
      this.deadline = deadline;
    }

    @Override
    public void run() {
      try {
        execute(this);
      } catch (Throwable t) {
        fail(t);
      }
    }

    void succeed(GrpcResponse response) {
      if (completed.compareAndSet(false, true)) {
        safeAccept(onResponse, response);
      }
    }

    void fail(Throwable error) {
      if (completed.compareAndSet(false, true)) {
        safeAccept(onError, error);
      }
    }
  }
}
