package io.sliagent.instrumentation.httpclient;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Recorder;
import io.sliagent.endpoint.HttpEndpoints;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Records JDK HttpClient exchanges. */
final class HttpClientHandler implements CallHandler {

  private final HttpEndpoints endpoints;

  HttpClientHandler(Recorder registry) {
    this.endpoints = new HttpEndpoints(registry);
  }

  @Override
  public void onExit(Object target, Object argument, Object result, Throwable thrown,
      long startNanos, long endNanos) {
    record((HttpRequest) argument, (HttpResponse<?>) result, thrown, endNanos - startNanos);
  }

  void record(HttpRequest request, HttpResponse<?> response, Throwable thrown, long nanos) {
    int status = response == null ? 0 : response.statusCode();
    HttpEndpoints.record(endpoints.endpoint(request.method(), request.uri()), nanos, status,
        response == null ? thrown : null);
  }

  /** For sendAsync: the call ends when the future completes, not when sendAsync returns. */
  CallHandler async() {
    return (target, argument, result, thrown, startNanos, endNanos) -> {
      HttpRequest request = (HttpRequest) argument;
      if (thrown != null || !(result instanceof CompletableFuture)) {
        record(request, null, thrown, endNanos - startNanos);
        return;
      }
      // whenComplete makes a dependent stage; the application's future is left as it was.
      ((CompletableFuture<?>) result).whenComplete((response, failure) -> {
        long end = System.nanoTime();
        try {
          record(request, response instanceof HttpResponse ? (HttpResponse<?>) response : null,
              unwrap(failure), end - startNanos);
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
