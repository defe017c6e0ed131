package io.sliagent.instrumentation.apachehttpclient5;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Slots;
import io.sliagent.endpoint.HttpEndpoints;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The async client's calls, kept in the slot of the future the application holds: started when
 * the request's exec scope is made, ended the first time the future completes, fails or is
 * cancelled, on whatever thread. Its retries are what the retry handler added to the first
 * scope's execution count (a retry after a redirect, on the redirect's own scope, is not seen).
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
    /** Set by the scope's two events, which come in either order, nanoseconds apart. */
    volatile String method;
    volatile String url;
    /** The first scope's execution count: 1, and one more for each retry of the retry handler. */
    volatile AtomicInteger execCount;
    volatile int ended;
  }

  private AsyncCall of(Object future) {
    AsyncCall c = (AsyncCall) slots.get(future);
    if (c == null) {
      c = new AsyncCall();
      slots.set(future, c);
    }
    return c;
  }

  /**
   * A scope was made: target the future, argument the method, result the URL. A redirect's scope
   * (the same future) leaves the call as it is.
   */
  CallHandler start() {
    return CallHandler.ofEvents((target, argument, result) -> {
      AsyncCall c = of(target);
      if (c.method == null) {
        c.url = (String) result;
        c.method = (String) argument;
      }
    });
  }

  /** A scope was made: target the future, argument its execution count. */
  CallHandler count() {
    return CallHandler.ofEvents((target, argument, result) -> {
      AsyncCall c = of(target);
      if (c.execCount == null) {
        c.execCount = (AtomicInteger) argument;
      }
    });
  }

  /** The future ended: argument the status, result the error (or TRUE when cancelled). */
  CallHandler end() {
    return CallHandler.ofEvents((target, argument, result) -> {
      AsyncCall c = (AsyncCall) slots.get(target);
      if (c != null && c.method != null && AsyncCall.ENDED.compareAndSet(c, 0, 1)) {
        Throwable error = result instanceof Throwable ? (Throwable) result
            : result != null ? CANCELLED : null;
        AtomicInteger executions = c.execCount;
        int retries = executions == null ? 0 : Math.max(executions.get() - 1, 0);
        endpoints.recordUrl(c.method, c.url, argument, error,
            System.nanoTime() - c.startNanos, retries);
      }
    });
  }
}
