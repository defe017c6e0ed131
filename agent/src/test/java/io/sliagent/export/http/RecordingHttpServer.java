package io.sliagent.export.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * The JDK's own HTTP/1.1 server (com.sun.net.httpserver) on 127.0.0.1, recording every request
 * and answering through a per-request {@link Responder}. Connections are told apart by the
 * client's port.
 */
final class RecordingHttpServer implements AutoCloseable {
  interface Responder {
    /** Answers request number {@code index} (from 0); its body has been read unless told not to. */
    void respond(HttpExchange exchange, Request request, int index) throws Exception;
  }

  static final class Request {
    final String method;
    final URI uri;
    final Headers headers;
    final int clientPort;
    /** The body as received, or null when the server was told not to read it. */
    volatile byte[] body;

    Request(HttpExchange exchange) {
      this.method = exchange.getRequestMethod();
      this.uri = exchange.getRequestURI();
      this.headers = exchange.getRequestHeaders();
      this.clientPort = exchange.getRemoteAddress().getPort();
    }
  }

  /** A hung server: takes the request and never answers (until {@link #close} interrupts it). */
  static final Responder HANG = (exchange, request, index) -> new CountDownLatch(1).await();

  /** Answers every request 200 with an empty body. */
  static final Responder OK = (exchange, request, index) -> reply(exchange, 200, new byte[0]);

  final List<Request> requests = new CopyOnWriteArrayList<>();
  /** TLS only: SSL engines the server created, one per accepted connection's handshake. */
  final AtomicInteger tlsHandshakes = new AtomicInteger();

  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private final ExecutorService executor;
  private final HttpServer server;

  static RecordingHttpServer plain(Responder responder) throws IOException {
    return new RecordingHttpServer(HttpServer.create(), null, true, responder);
  }

  /** Hands the exchange over with the request body still unread. */
  static RecordingHttpServer notReadingBodies(Responder responder) throws IOException {
    return new RecordingHttpServer(HttpServer.create(), null, false, responder);
  }

  /** Over TLS, with the request body still unread. */
  static RecordingHttpServer tlsNotReadingBodies(SSLContext context, Responder responder)
      throws IOException {
    return new RecordingHttpServer(HttpsServer.create(), context, false, responder);
  }

  static RecordingHttpServer tls(SSLContext context, Responder responder) throws IOException {
    return new RecordingHttpServer(HttpsServer.create(), context, true, responder);
  }

  private RecordingHttpServer(
      HttpServer server, SSLContext tlsContext, boolean readBody, Responder responder)
      throws IOException {
    this.server = server;
    if (server instanceof HttpsServer) {
      ((HttpsServer) server)
          .setHttpsConfigurator(
              new HttpsConfigurator(tlsContext) {
                @Override
                public void configure(HttpsParameters params) {
                  tlsHandshakes.incrementAndGet();
                  super.configure(params);
                }
              });
    }
    // Handlers may block (hung servers): never on the dispatcher thread.
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "recording-http-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          Request request = new Request(exchange);
          int index;
          synchronized (requests) {
            index = requests.size();
            requests.add(request);
            requests.notifyAll();
          }
          try {
            if (readBody) {
              request.body = exchange.getRequestBody().readAllBytes();
            }
            responder.respond(exchange, request, index);
          } catch (Throwable t) {
            if (!closed) {
              errors.add(t);
            }
          } finally {
            exchange.close();
          }
        });
    server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String endpoint(String scheme, String pathAndQuery) {
    return scheme + "://127.0.0.1:" + port() + pathAndQuery;
  }

  String endpoint(String pathAndQuery) {
    return endpoint("http", pathAndQuery);
  }

  /** How many TCP connections the requests came on. */
  int connections() {
    Set<Integer> ports = requests.stream().map(r -> r.clientPort).collect(Collectors.toSet());
    return ports.size();
  }

  /** Returns once {@code n} request heads in all have arrived (or fails after 30 s). */
  void awaitRequests(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    synchronized (requests) {
      while (requests.size() < n) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new AssertionError("only " + requests.size() + " of " + n + " requests arrived");
        }
        requests.wait(left);
      }
    }
  }


  void assertNoErrors() {
    if (!errors.isEmpty()) {
      AssertionError e = new AssertionError("server failed");
      errors.forEach(e::addSuppressed);
      throw e;
    }
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  /** Sends a complete response with a Content-Length body and extra header name/value pairs. */
  static void reply(HttpExchange exchange, int status, byte[] body, String... headers)
      throws IOException {
    for (int i = 0; i < headers.length; i += 2) {
      exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
