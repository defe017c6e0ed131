package io.sliagent.instrumentation.httpclient;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Recorder;
import io.sliagent.api.Slots;
import io.sliagent.endpoint.HttpEndpoints;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Records JDK HttpClient exchanges, with the client's own resend: the JDK sends an idempotent
 * request again, once, when its connection broke before the answer. Each call's {@code
 * MultiExchange} is made on the caller's thread inside it, so it is noted there and taken by the
 * call's end; its slot says whether it resent.
 */
final class HttpClientHandler implements CallHandler {

  private final HttpEndpoints endpoints;
  private final Slots resent = new Slots();
  /** The exchange the current call on this thread made; taken by the call's end. */
  private final ThreadLocal<Object> made = new ThreadLocal<>();

  HttpClientHandler(Recorder registry) {
    this.endpoints = new HttpEndpoints(registry);
  }

  @Override
  public void onExit(Object target, Object argument, Object result, Throwable thrown,
      long startNanos, long endNanos) {
    record((HttpRequest) argument, (HttpResponse<?>) result, thrown, endNanos - startNanos,
        resends(takeExchange()));
  }

  void record(HttpRequest request, HttpResponse<?> response, Throwable thrown, long nanos,
      int retries) {
    int status = response == null ? 0 : response.statusCode();
    HttpEndpoints.record(endpoints.endpoint(request.method(), request.uri()), nanos, status,
        response == null ? thrown : null, retries);
  }

  private Object takeExchange() {
    Object exchange = made.get();
    if (exchange != null) {
      made.remove();
    }
    return exchange;
  }

  private int resends(Object exchange) {
    return exchange != null && resent.get(exchange) != null ? 1 : 0;
  }

  /** A {@code MultiExchange} was made: target it. */
  CallHandler exchangeMade() {
    return CallHandler.ofEvents((target, argument, result) -> made.set(target));
  }

  /** An exchange starts an attempt: its resend when the JDK's flag (the argument) is set. */
  CallHandler resend() {
    return CallHandler.ofEvents((target, argument, result) -> {
      if (Boolean.TRUE.equals(argument)) {
        resent.set(target, Boolean.TRUE);
      }
    });
  }

  /** For sendAsync: the call ends when the future completes, not when sendAsync returns. */
  CallHandler async() {
    return (target, argument, result, thrown, startNanos, endNanos) -> {
      HttpRequest request = (HttpRequest) argument;
      Object exchange = takeExchange();
      if (thrown != null || !(result instanceof CompletableFuture)) {
        record(request, null, thrown, endNanos - startNanos, resends(exchange));
        return;
      }
      // whenComplete makes a dependent stage; the application's future is left as it was.
      ((CompletableFuture<?>) result).whenComplete((response, failure) -> {
        long end = System.nanoTime();
        try {
          record(request, response instanceof HttpResponse ? (HttpResponse<?>) response : null,
              unwrap(failure), end - startNanos, resends(exchange));
        } catch (Throwable ignored) {
          // Never let the agent disturb the completion chain.
        }
      });
    };
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
