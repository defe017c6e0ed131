package io.sliagent.export.transport;

import io.opentelemetry.sdk.common.export.MessageWriter;
import io.sliagent.log.AgentLog;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One export handed to a sender ({@link CallExecutor#submit}): the message, its deadline and the
 * two callbacks, of which exactly one is invoked, once, whatever happens.
 *
 * @param <R> the sender's response type
 */
public final class ExportCall<R> implements Runnable {
  public final MessageWriter writer;
  public final Deadline deadline;
  private final Consumer<R> onResponse;
  private final Consumer<Throwable> onError;
  private final Consumer<ExportCall<R>> work;
  private final AtomicBoolean completed = new AtomicBoolean();

  ExportCall(
      MessageWriter writer,
      Deadline deadline,
      Consumer<R> onResponse,
      Consumer<Throwable> onError,
      Consumer<ExportCall<R>> work) {
    this.writer = writer;
    this.deadline = deadline;
    this.onResponse = onResponse;
    this.onError = onError;
    this.work = work;
  }

  @Override
  public void run() {
    try {
      work.accept(this);
    } catch (Throwable t) {
      fail(t);
    }
  }

  public void succeed(R response) {
    if (completed.compareAndSet(false, true)) {
      safeAccept(onResponse, response);
    }
  }

  public void fail(Throwable error) {
    if (completed.compareAndSet(false, true)) {
      safeAccept(onError, error);
    }
  }

  /** A throwing callback is the exporter's bug; it must not kill the sender's thread. */
  private static <T> void safeAccept(Consumer<T> consumer, T value) {
    try {
      if (consumer != null) {
        consumer.accept(value);
      }
    } catch (Throwable t) {
      AgentLog.errorOnce("sender-callback", "OTLP export callback failed", t);
    }
  }
}
