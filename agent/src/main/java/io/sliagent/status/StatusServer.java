package io.sliagent.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sliagent.config.SettingException;
import io.sliagent.config.Settings;
import io.sliagent.log.AgentLog;
import io.sliagent.recording.Recording;
import io.sliagent.server.RequestThread;
import io.sliagent.slo.SloEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves the status page, off unless {@code sli.status.port} is set, on {@code 127.0.0.1} unless
 * {@code sli.status.host} says otherwise. Requests are answered one at a time on one thread of
 * the agent's own (so nothing it does is measured), from a short queue: a flood of requests is
 * refused, never queued without bound.
 */
public final class StatusServer {

  private static final int QUEUE = 16;

  private final String host;
  private final int port;
  private final SloEngine slo;
  private final Recording recording;

  private StatusServer(String host, int port, SloEngine slo, Recording recording) {
    this.host = host;
    this.port = port;
    this.slo = slo;
    this.recording = recording;
  }

  /** The server the settings ask for, or null: not asked for, or a bad setting (said once). */
  public static StatusServer fromSettings(Settings settings, SloEngine slo, Recording recording) {
    if (settings.get("sli.status.port") == null) {
      return null;
    }
    try {
      int port = settings.getInt("sli.status.port", 0, 0, 65535);
      return new StatusServer(settings.get("sli.status.host", "127.0.0.1"), port, slo,
          recording);
    } catch (SettingException e) {
      AgentLog.error(e.getMessage() + "; no status page", null);
      return null;
    }
  }

  /**
   * Listens, or says once why it cannot; the application runs either way. Call it on an agent
   * thread: the server's own dispatcher thread inherits that it is a daemon, so it never keeps
   * the JVM alive.
   */
  public void start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), QUEUE);
    } catch (IOException | RuntimeException | LinkageError e) { // LinkageError: no jdk.httpserver
      AgentLog.error("sli.status.port=" + port + ": cannot listen on " + host + ":" + port + " ("
          + e + "); no status page", null);
      return;
    }
    server.setExecutor(new RequestThread("sli-agent-status"));
    server.createContext("/", this::handle);
    server.start();
    AgentLog.info("status page: http://" + hostForUrl() + ":" + server.getAddress().getPort()
        + "/");
  }

  private String hostForUrl() {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  private void handle(HttpExchange exchange) {
    try {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain", "only GET\n");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/")) {
        exchange.getResponseHeaders().set("Content-Security-Policy",
            StatusPage.CONTENT_SECURITY_POLICY);
        respond(exchange, 200, "text/html",
            StatusPage.write(Status.read(slo, recording, System.currentTimeMillis())));
      } else if (path.equals("/status.json")) {
        respond(exchange, 200, "application/json",
            StatusJson.write(Status.read(slo, recording, System.currentTimeMillis())));
      } else {
        respond(exchange, 404, "text/plain", "not found: the status page is /, its data"
            + " /status.json\n");
      }
    } catch (IOException e) {
      // the browser went away: nothing to say
    } catch (RuntimeException | LinkageError e) {
      AgentLog.errorOnce("status.page", "the status page failed", e);
    } finally {
      exchange.close();
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
