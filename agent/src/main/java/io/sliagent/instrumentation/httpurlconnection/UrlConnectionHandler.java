package io.sliagent.instrumentation.httpurlconnection;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Recorder;
import io.sliagent.api.Slots;
import io.sliagent.endpoint.HttpEndpoints;
import java.net.HttpURLConnection;
import java.net.URL;

/** Tracks each connection's exchange (start, request identity, done) and records it once. */
final class UrlConnectionHandler implements CallHandler {

  private final HttpEndpoints endpoints;
  // The slot field, or a weak map if the class was loaded before the agent (attached late).
  private final Slots exchanges = new Slots();

  UrlConnectionHandler(Recorder registry) {
    this.endpoints = new HttpEndpoints(registry);
  }

  private static final class Exchange {
    final long startNanos;
    final URL url;
    boolean recorded;

    Exchange(long startNanos, HttpURLConnection c) {
      this.startNanos = startNanos;
      this.url = c.getURL(); // the URL asked for, before any redirect
    }
  }

  @Override
  public void onEvent(Object target, Object argument, Object result) {
    if (exchanges.get(target) == null) {
      exchanges.set(target, new Exchange(System.nanoTime(), (HttpURLConnection) target));
    }
  }

  @Override
  public void onExit(Object target, Object argument, Object result, Throwable thrown,
      long startNanos, long endNanos) {
    HttpURLConnection connection = (HttpURLConnection) target;
    Exchange exchange = (Exchange) exchanges.get(connection);
    if (exchange == null) {
      exchange = new Exchange(startNanos, connection);
      exchanges.set(connection, exchange);
    }
    synchronized (exchange) {
      if (exchange.recorded) {
        return; // getResponseCode(), getHeaderField() ... after the first read: same exchange
      }
      exchange.recorded = true;
    }
    int status = argument instanceof Integer ? (Integer) argument : -1;
    if (status < 0) {
      status = 0;
    }
    // The method is read now: getOutputStream() turns a GET into a POST while it runs.
    // Host and port come from the URL itself: URI rejects host names such as pay_svc.
    URL url = exchange.url;
    HttpEndpoints.record(endpoints.endpoint(connection.getRequestMethod(), url.getProtocol(),
            url.getHost(), url.getPort() >= 0 ? url.getPort() : url.getDefaultPort(),
            url.getPath()),
        endNanos - exchange.startNanos, status, status > 0 ? null : thrown);
  }
}
