package io.sliagent.instrumentation.apachehttpclient5;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Slots;
import io.sliagent.endpoint.HttpEndpoints;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The async client's calls, kept in the slot of the future the application holds: started when
 * the request's exec scope is made, ended the first time the future completes, fails or is
 * cancelled, on whatever thread.
 */
final class AsyncCalls {

  private static final CancellationException CANCELLED = new CancellationException();

  private final HttpEndpoints endpoints;
  private final Slots slots = new Slots();

  AsyncCalls(HttpEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  static final class AsyncCall {
    private static final AtomicIntegerFieldUpdater<AsyncCall> ENDED =
        AtomicIntegerFieldUpdater.newUpdater(AsyncCall.class, "ended");

    final long startNanos = System.nanoTime();
    final String method;
    final String url;
    volatile int ended;

    AsyncCall(String method, String url) {
      this.method = method;
      this.url = url;
    }
  }

  /** A scope was made: target the future, argument the method, result the URL. */
  CallHandler start() {
    return CallHandler.ofEvents((target, argument, result) -> {
      if (slots.get(target) == null) { // a redirect's scope: the call goes on
        slots.set(target, new AsyncCall((String) argument, (String) result));
      }
    });
  }

  /** The future ended: argument the status, result the error (or TRUE when cancelled). */
  CallHandler end() {
    return CallHandler.ofEvents((target, argument, result) -> {
      AsyncCall c = (AsyncCall) slots.get(target);
      if (c != null && AsyncCall.ENDED.compareAndSet(c, 0, 1)) {
        Throwable error = result instanceof Throwable ? (Throwable) result
            : result != null ? CANCELLED : null;
        endpoints.recordUrl(c.method, c.url, argument, error,
            System.nanoTime() - c.startNanos, 0);
      }
    });
  }
}
