package io.sliagent.export.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.Attributes;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.sliagent.export.sink.MetricSink;
import io.sliagent.log.AgentLog;
import io.sliagent.server.RequestThread;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: every metric the agent exports, read from the recorded state at the
 * request, in the Prometheus text format, or OpenMetrics when the request's {@code Accept} asks
 * for it. Anything else is a 404. Requests are answered on one agent thread ({@link
 * RequestThread}), never on an application thread.
 */
public final class MetricsEndpoint {

  static final String PATH = "/metrics";

  private final HttpServer server;
  private final Consumer<MetricSink> walk;
  private final Supplier<Attributes> resource;
  private final String scopeName;
  private final String scopeVersion;
  private final ExpositionFormatWriter text = PrometheusTextFormatWriter.create();
  private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

  private MetricsEndpoint(HttpServer server, Consumer<MetricSink> walk,
      Supplier<Attributes> resource, String scopeName, String scopeVersion) {
    this.server = server;
    this.walk = walk;
    this.resource = resource;
    this.scopeName = scopeName;
    this.scopeVersion = scopeVersion;
  }

  /**
   * Listens on {@code host:port} and serves: {@code walk} writes the metrics of one scrape into the
   * sink it is given, {@code resource} gives {@code target_info}'s labels. Call it on an agent
   * thread: the server's dispatcher thread inherits its daemon status. Throws {@link IOException}
   * when the address cannot be bound.
   */
  public static MetricsEndpoint start(String host, int port, Consumer<MetricSink> walk,
      Supplier<Attributes> resource, String scopeName, String scopeVersion) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    MetricsEndpoint endpoint = new MetricsEndpoint(server, walk, resource, scopeName,
        scopeVersion);
    server.setExecutor(new RequestThread("sli-agent-prometheus"));
    server.createContext("/", endpoint::handle);
    server.start();
    return endpoint;
  }

  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) {
    try {
      try (InputStream in = exchange.getRequestBody()) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      if (!"GET".equals(exchange.getRequestMethod())
          || !PATH.equals(exchange.getRequestURI().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      ExpositionFormatWriter writer = openMetrics.accepts(accept) ? openMetrics : text;
      byte[] body;
      try {
        body = render(writer);
      } catch (Throwable t) {
        AgentLog.errorOnce("prometheus-render",
            "/metrics could not be written; calls are still measured", t);
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      // The scraper went away: its next scrape reads everything again.
    } finally {
      exchange.close();
    }
  }

  private byte[] render(ExpositionFormatWriter writer) throws IOException {
    PrometheusSnapshot snapshot = new PrometheusSnapshot(resource.get(), scopeName,
        scopeVersion);
    walk.accept(snapshot);
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    writer.write(out, snapshot.snapshots());
    return out.toByteArray();
  }
}
