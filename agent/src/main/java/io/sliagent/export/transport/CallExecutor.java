package io.sliagent.export.transport;

import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a sender's calls on the exporter's executor when it configured one, else on one thread of
 * the sender's own (calls are serialized on one connection anyway) that exits when idle.
 */
public final class CallExecutor {
  /**
   * The response body limit when the exporter sets none, as large as the OTLP exporters' own
   * default: a response is read into the heap, so it must be bounded whatever the server sends.
   */
  static final long DEFAULT_MAX_RESPONSE_BODY = 4L << 20;

  private final Duration timeout;
  private final ExecutorService executor;
  private final boolean owned;
  private final String protocol;
  private volatile boolean shutdown;

  /** {@code timeout}: the exporter's, for each call from the moment it is submitted. */
  public CallExecutor(
      ExecutorService configured, Duration timeout, String threadName, String protocol) {
    this.timeout = timeout;
    this.protocol = protocol;
    if (configured != null) {
      this.executor = configured;
      this.owned = false;
    } else {
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              1,
              1,
              60,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              Watchdog.daemonThreads(threadName));
      pool.allowCoreThreadTimeOut(true);
      this.executor = pool;
      this.owned = true;
    }
  }

  /**
   * Submits one export to {@code work}. Its deadline starts now, as in the stock senders, so
   * queueing counts against it. Never throws: a call that cannot run fails through its callback.
   */
  public <R> void submit(
      MessageWriter writer,
      Consumer<R> onResponse,
      Consumer<Throwable> onError,
      Consumer<ExportCall<R>> work) {
    ExportCall<R> call =
        new ExportCall<>(writer, Deadline.after(timeout), onResponse, onError, work);
    try {
      if (shutdown) {
        call.fail(new IOException(protocol + " sender is shut down"));
        return;
      }
      executor.execute(call);
    } catch (Throwable t) {
      call.fail(t);
    }
  }

  /** Refuses new calls; an executor of our own stops and fails the calls still queued. */
  /** The exporter's response body limit, within what one array holds; its default when unset. */
  public static long maxResponseBody(long configured) {
    return configured > 0 ? Math.min(configured, Integer.MAX_VALUE - 8) : DEFAULT_MAX_RESPONSE_BODY;
  }

  public void shutdown() {
    shutdown = true;
    if (owned) {
      for (Runnable pending : executor.shutdownNow()) {
        if (pending instanceof ExportCall) {
          ((ExportCall<?>) pending).fail(new IOException(protocol + " sender was shut down"));
        }
      }
    }
  }
}
