package io.sliagent.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback for the applications under test: paths ending in {@code /fail}
 * answer 500, paths containing {@code slow} answer after 150 ms, a path {@code /flaky/N/...}
 * answers its first N requests 503 (with {@code Retry-After: 0}) and then 200, {@code /moved/X}
 * redirects (302) to {@code /items/X}, everything else 200.
 */
public final class TestHttpServer implements AutoCloseable {

  public static final int SLOW_MILLIS = 150;

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> flaky = new ConcurrentHashMap<>();
  private final ExecutorService workers = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "test-http-server");
    t.setDaemon(true);
    return t;
  });

  static {
    noDelay();
  }

  /**
   * Without TCP_NODELAY the JDK server's header and body writes meet the client's delayed ACK:
   * every loopback call would take ~40 ms. Read once per JVM, before the first server starts.
   */
  static void noDelay() {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  public TestHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(workers);
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    String path = exchange.getRequestURI().getPath();
    if (path.contains("slow")) {
      try {
        Thread.sleep(SLOW_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int status = path.endsWith("/fail") ? 500 : 200;
    if (path.startsWith("/flaky/")) {
      String[] parts = path.split("/");
      int failures = Integer.parseInt(parts[2]);
      if (flaky.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet() <= failures) {
        status = 503;
        exchange.getResponseHeaders().set("Retry-After", "0");
      }
    }
    if (path.startsWith("/moved/")) {
      status = 302;
      exchange.getResponseHeaders().set("Location", "/items/" + path.substring(7));
    }
    byte[] body = ("ok " + path).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
