package io.sliagent.instrumentation.reactornetty;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Retries;
import io.sliagent.api.Slots;
import io.sliagent.endpoint.HttpEndpoints;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The state of each request, kept in the slots of its handler and its sink, and ended once: the
 * head, an error and a cancellation may race (a timeout fires on another thread as the head
 * arrives), and only the first counts.
 */
final class Exchanges {

  /** What a cancelled call's {@code error.type} names. */
  private static final CancellationException CANCELLED = new CancellationException();

  private final HttpEndpoints endpoints;
  private final Slots slots = new Slots();

  Exchanges(HttpEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  static final class Exchange {
    private static final AtomicIntegerFieldUpdater<Exchange> ENDED =
        AtomicIntegerFieldUpdater.newUpdater(Exchange.class, "ended");

    final long startNanos = System.nanoTime();
    final String method;
    final String url;
    /** Made during a retry loop's retry, on the subscribing thread. */
    final boolean retry = Retries.inRetry();
    volatile int retries;
    volatile int ended;

    Exchange(String method, String url) {
      this.method = method;
      this.url = url;
    }

    boolean end() {
      return ENDED.compareAndSet(this, 0, 1);
    }
  }

  /** The handler was made: target the handler, argument the method, result the URL. */
  CallHandler start() {
    return CallHandler.ofEvents((target, argument, result) ->
        slots.set(target, new Exchange((String) argument, (String) result)));
  }

  /**
   * The call ends (target the handler; argument the status, result the error) or, with neither,
   * the client tries again after a connection reset.
   */
  CallHandler end() {
    return CallHandler.ofEvents((target, argument, result) -> {
      Exchange e = (Exchange) slots.get(target);
      if (e == null) {
        return;
      }
      if (argument == null && result == null) {
        e.retries++; // on the handler's event loop, one attempt at a time
      } else {
        end(e, argument, (Throwable) result);
      }
    });
  }

  /** An observer was made for an attempt: target its sink, argument the handler. */
  CallHandler sink() {
    return CallHandler.ofEvents((target, argument, result) -> {
      Object e = slots.get(argument);
      if (e != null) {
        slots.set(target, e);
      }
    });
  }

  /** The subscriber cancelled: target the sink. */
  CallHandler cancel() {
    return CallHandler.ofEvents((target, argument, result) -> {
      Exchange e = (Exchange) slots.get(target);
      if (e != null) {
        end(e, null, CANCELLED);
      }
    });
  }

  private void end(Exchange e, Object status, Throwable thrown) {
    if (e.end()) {
      endpoints.recordUrl(e.method, e.url, status, thrown, System.nanoTime() - e.startNanos,
          e.retries + (e.retry ? 1 : 0));
    }
  }
}
