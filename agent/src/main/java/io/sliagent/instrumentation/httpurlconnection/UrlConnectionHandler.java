package io.sliagent.instrumentation.httpurlconnection;

import io.sliagent.endpoint.HttpEndpoints;
import io.sliagent.instrumentation.CallHandler;
import io.sliagent.instrumentation.Slots;
import io.sliagent.recording.EndpointRegistry;
import java.net.HttpURLConnection;
import java.net.URISyntaxException;
import java.net.URL;

/** Tracks each connection's exchange (start, request identity, done) and records it once. */
final class UrlConnectionHandler implements CallHandler {

  private final HttpEndpoints endpoints;
  // The JDK class is usually loaded before the agent could add a field: a weak map it is.
  private final Slots exchanges = new Slots();

  UrlConnectionHandler(EndpointRegistry registry) {
    this.endpoints = new HttpEndpoints(registry);
  }

  private static final class Exchange {
    final long startNanos;
    final String method;
    final URL url;
    boolean recorded;

    Exchange(long startNanos, HttpURLConnection c) {
      this.startNanos = startNanos;
      this.method = c.getRequestMethod();
      this.url = c.getURL();
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
    try {
      HttpEndpoints.record(endpoints.endpoint(exchange.method, exchange.url.toURI()),
          endNanos - exchange.startNanos, status, status > 0 ? null : thrown);
    } catch (URISyntaxException e) {
      // A URL the JDK accepted but java.net.URI does not: name it by host and no path.
      HttpEndpoints.record(endpoints.endpoint(exchange.method,
              java.net.URI.create(exchange.url.getProtocol() + "://" + exchange.url.getHost())),
          endNanos - exchange.startNanos, status, status > 0 ? null : thrown);
    }
  }
}
