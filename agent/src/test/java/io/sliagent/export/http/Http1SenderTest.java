package io.sliagent.export.http;

import static io.sliagent.export.http.Http1TestSupport.PROTOBUF;
import static io.sliagent.export.http.Http1TestSupport.ascii;
import static io.sliagent.export.http.Http1TestSupport.gunzip;
import static io.sliagent.export.http.Http1TestSupport.gzip;
import static io.sliagent.export.http.Http1TestSupport.randomBytes;
import static io.sliagent.export.http.Http1TestSupport.writer;
import static io.sliagent.export.http.RecordingHttpServer.reply;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import io.opentelemetry.exporter.otlp.internal.GzipCompressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.sliagent.export.http.Http1TestSupport.Config;
import io.sliagent.export.http.Http1TestSupport.Outcome;
import io.sliagent.export.http.Http1TestSupport.SelfSignedCertificate;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Http1Sender} driven directly against real HTTP/1.1 servers (the JDK's HttpServer and
 * HttpsServer) and, for what no real server produces on demand, a scripted socket peer. After
 * every test: each send got exactly one callback.
 */
class Http1SenderTest {
  private final List<HttpSender> senders = new ArrayList<>();
  private final List<Outcome> outcomes = new ArrayList<>();

  private HttpSender sender(Config config) {
    HttpSender sender = new Http1SenderProvider().createSender(config);
    senders.add(sender);
    return sender;
  }

  private Outcome send(HttpSender sender, byte[] body) {
    return send(sender, writer(body));
  }

  private Outcome send(HttpSender sender, MessageWriter writer) {
    Outcome outcome = Http1TestSupport.send(sender, writer);
    outcomes.add(outcome);
    return outcome;
  }

  @AfterEach
  void everySendGotExactlyOneCallback() throws Exception {
    senders.forEach(HttpSender::shutdown);
    for (Outcome outcome : outcomes) {
      outcome.await();
    }
    // A second callback would follow the first at once, on the same thread: give it a moment.
    Thread.sleep(50);
    for (int i = 0; i < outcomes.size(); i++) {
      assertEquals(1, outcomes.get(i).callbacks.get(), "callbacks for send #" + i);
    }
  }

  private static RetryPolicy retries(int maxAttempts, Duration backoff) {
    return RetryPolicy.builder()
        .setMaxAttempts(maxAttempts)
        .setInitialBackoff(backoff)
        .setMaxBackoff(backoff)
        .setBackoffMultiplier(1.0)
        .build();
  }

  private static String text(HttpResponse response) {
    return new String(response.getResponseBody(), StandardCharsets.UTF_8);
  }

  /** Every request came on the one connection, {@code requests} of them, and nothing failed. */
  private static void assertRequestsOnOneConnection(ScriptedHttp1Server server, int requests) {
    assertEquals(1, server.connections.get());
    assertEquals(requests, server.requests.size());
    server.assertNoErrors();
  }

  /** The second export went on a second connection, and nothing failed. */
  private static void assertSecondExportOnASecondConnection(ScriptedHttp1Server server) {
    assertEquals(2, server.connections.get());
    assertEquals(1, server.requests.get(1).connection);
    server.assertNoErrors();
  }

  // ---------------------------------------------------------------- a plain export

  @Test
  void okExportDeliversExactBodyHeadersAndTargetAndHandsBackTheResponse() throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.plain((exchange, request, i) -> reply(exchange, 200, ascii("taken")))) {
      Config config = new Config(server.endpoint("/v1/metrics?x=1"));
      Map<String, List<String>> headers = new LinkedHashMap<>();
      headers.put("X-Api-Key", List.of("secret"));
      headers.put("x-multi", List.of("a", "b"));
      // Set by the sender itself, or about the connection: the user's are dropped.
      headers.put("Content-Length", List.of("999"));
      headers.put("Host", List.of("evil.example"));
      headers.put("Transfer-Encoding", List.of("chunked"));
      headers.put("Content-Type", List.of("text/plain"));
      headers.put("Connection", List.of("close"));
      headers.put("Accept-Encoding", List.of("br"));
      // Line breaks in a value would smuggle a field in.
      headers.put("x-crlf", List.of("v\r\nX-Injected: crlf"));
      headers.put("x-lf", List.of("v\nX-Injected: lf"));
      config.headers = headers;
      byte[] body = randomBytes(300_000, 1);

      Outcome outcome = send(sender(config), body);

      HttpResponse response = outcome.response();
      assertEquals(200, response.getStatusCode());
      assertEquals("OK", response.getStatusMessage());
      assertEquals("taken", text(response));
      assertEquals(Http1Sender.THREAD_NAME, outcome.thread.getName());
      assertTrue(outcome.thread.isDaemon());

      assertEquals(1, server.requests.size());
      RecordingHttpServer.Request request = server.requests.get(0);
      assertEquals("POST", request.method);
      assertEquals("/v1/metrics?x=1", request.uri.toString());
      assertArrayEquals(body, request.body);
      Headers received = request.headers;
      assertEquals(List.of(PROTOBUF), received.get("Content-Type"));
      assertEquals(List.of("300000"), received.get("Content-Length"));
      assertEquals(List.of("127.0.0.1:" + server.port()), received.get("Host"));
      assertEquals(List.of("secret"), received.get("X-Api-Key"));
      assertEquals(List.of("a", "b"), received.get("X-Multi"));
      assertNull(received.get("Transfer-Encoding"));
      assertNull(received.get("Connection"));
      assertNull(received.get("Content-Encoding"));
      // What the response decoder reads, as the stock sender says; the user's "br" was dropped.
      assertEquals(List.of("gzip, identity"), received.get("Accept-Encoding"));
      assertNull(received.get("X-Crlf"));
      assertNull(received.get("X-Lf"));
      assertNull(received.get("X-Injected"));
      server.assertNoErrors();
    }
  }

  @Test
  void callbacksRunOnTheConfiguredExecutorWhichShutdownLeavesRunning() throws Exception {
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "caller-supplied");
              t.setDaemon(true);
              return t;
            });
    try (RecordingHttpServer server = RecordingHttpServer.plain(RecordingHttpServer.OK)) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.executorService = executor;
      HttpSender sender = sender(config);

      Outcome outcome = send(sender, ascii("m"));

      assertEquals(200, outcome.response().getStatusCode());
      assertEquals("caller-supplied", outcome.thread.getName());
      assertTrue(sender.shutdown().isSuccess());
      assertFalse(executor.isShutdown());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void failingMessageWriterGoesToErrorConsumerAndNothingIsSent() throws Exception {
    try (RecordingHttpServer server = RecordingHttpServer.plain(RecordingHttpServer.OK)) {
      IllegalStateException boom = new IllegalStateException("boom");
      Outcome outcome =
          send(
              sender(new Config(server.endpoint("/v1/metrics"))),
              new MessageWriter() {
                @Override
                public void writeMessage(OutputStream output) {
                  throw boom;
                }

                @Override
                public int getContentLength() {
                  return 10;
                }
              });

      assertSame(boom, outcome.error());
      assertEquals(0, server.requests.size());
    }
  }

  @Test
  void gzipCompressorSendsContentEncodingAndABodyThatGunzipsToTheOriginal() throws Exception {
    try (RecordingHttpServer server = RecordingHttpServer.plain(RecordingHttpServer.OK)) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.compressor = new GzipCompressor();
      byte[] body = ascii("sli.test.counter ".repeat(10_000));

      assertEquals(200, send(sender(config), body).response().getStatusCode());

      RecordingHttpServer.Request request = server.requests.get(0);
      assertEquals(List.of("gzip"), request.headers.get("Content-Encoding"));
      assertEquals(List.of(Integer.toString(request.body.length)),
          request.headers.get("Content-Length"));
      assertTrue(request.body.length < body.length / 10, "compressed: " + request.body.length);
      assertArrayEquals(body, gunzip(request.body));
    }
  }

  // ---------------------------------------------------------------- the kept-alive connection

  @Test
  void exportsShareOneKeptAliveConnection() throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.plain(
            (exchange, request, i) -> reply(exchange, 200, ascii("ok" + i)))) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));
      for (int i = 0; i < 5; i++) {
        byte[] body = randomBytes(10_000 + i, i);
        assertEquals("ok" + i, text(send(sender, body).response()));
        assertArrayEquals(body, server.requests.get(i).body);
      }
      assertEquals(5, server.requests.size());
      assertEquals(1, server.connections());
    }
  }

  @Test
  void idleConnectionClosedByTheServerIsReplacedAndTheExportSentOnce() throws Exception {
    assertExportAfterTheServerClosedTheIdleConnectionGoesOnANewOne(null);
  }

  /** Over TLS the server's close is a close_notify, then FIN. */
  @Test
  void idleTlsConnectionClosedByTheServerIsReplacedAndTheExportSentOnce() throws Exception {
    assertExportAfterTheServerClosedTheIdleConnectionGoesOnANewOne(
        SelfSignedCertificate.serverContext());
  }

  /**
   * The server answers the first export, then closes that connection while it is idle (kept
   * alive as far as the client knows); the second export goes, once, on a new connection. With
   * {@code tls} non-null, over TLS with that server context.
   */
  private void assertExportAfterTheServerClosedTheIdleConnectionGoesOnANewOne(SSLContext tls)
      throws Exception {
    CountDownLatch idleClosed = new CountDownLatch(1);
    try (ScriptedHttp1Server server =
        new ScriptedHttp1Server(
            tls,
            ScriptedHttp1Server.firstConnectionThenRespondingWith(
                peer -> {
                  peer.readRequest();
                  peer.respond(200, "first");
                  peer.close();
                  idleClosed.countDown();
                },
                "again"))) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      if (tls != null) {
        config.trustManager = SelfSignedCertificate.trustManager();
      }
      HttpSender sender = sender(config);
      assertEquals("first", text(send(sender, ascii("one")).response()));
      assertTrue(idleClosed.await(30, TimeUnit.SECONDS));

      HttpResponse second = send(sender, ascii("two")).response();

      assertEquals("again", text(second));
      assertEquals(2, server.requests.size(), "one complete request per export");
      assertArrayEquals(ascii("two"), server.requests.get(1).body);
      assertSecondExportOnASecondConnection(server);
    }
  }

  /**
   * A server may say something on an idle connection before it closes it (an unsolicited 408,
   * as some servers and proxies send); read on reuse, it would be taken for the next export's
   * response. Such a connection is not reused.
   */
  @Test
  void bytesWaitingOnAnIdleConnectionMeanItIsNotReused() throws Exception {
    CountDownLatch spoke = new CountDownLatch(1);
    CountDownLatch staleClosed = new CountDownLatch(1);
    try (ScriptedHttp1Server server =
        new ScriptedHttp1Server(
            ScriptedHttp1Server.firstConnectionThenRespondingWith(
                peer -> {
                  peer.readRequest();
                  peer.respond(200, "first");
                  peer.write("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n"
                      + "Connection: close\r\n\r\n");
                  spoke.countDown();
                  // ...and does not close yet: only the waiting bytes tell.
                  peer.respondToEach("on a stale connection");
                  staleClosed.countDown(); // the client closed it
                },
                "again"))) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));
      assertEquals("first", text(send(sender, ascii("one")).response()));
      assertTrue(spoke.await(30, TimeUnit.SECONDS));
      // The 408's bytes must have reached the client before it looks.
      Thread.sleep(200);

      HttpResponse second = send(sender, ascii("two")).response();

      assertEquals(200, second.getStatusCode());
      assertEquals("again", text(second));
      assertTrue(staleClosed.await(30, TimeUnit.SECONDS), "the stale connection was not closed");
      assertSecondExportOnASecondConnection(server);
    }
  }

  @Test
  void reusedConnectionLostInTheMiddleOfAResponseIsNotResent() throws Exception {
    try (ScriptedHttp1Server server =
        new ScriptedHttp1Server(
            (peer, connection) -> {
              peer.readRequest();
              peer.respond(200, "first");
              peer.readRequest();
              // The server has begun to answer: it saw the export. Resending could duplicate it.
              peer.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
              peer.close();
            })) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));
      assertEquals(200, send(sender, ascii("one")).response().getStatusCode());

      Throwable error = send(sender, ascii("two")).error();

      assertInstanceOf(EOFException.class, error);
      assertRequestsOnOneConnection(server, 2);
    }
  }

  @Test
  void newConnectionClosedBeforeAnyResponseFailsWithoutResend() throws Exception {
    try (ScriptedHttp1Server server =
        new ScriptedHttp1Server(
            (peer, connection) -> {
              peer.readRequest();
              peer.close();
            })) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));

      Throwable error = send(sender, ascii("x")).error();

      assertInstanceOf(EOFException.class, error);
      assertRequestsOnOneConnection(server, 1);
    }
  }

  @Test
  void connectionCloseFromTheServerMeansANewConnectionForTheNextExport() throws Exception {
    assertTheConnectionOfTheFirstResponseIsNotReused(
        peer ->
            peer.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbye"),
        "bye");
  }

  /**
   * The server answers the first export by {@code firstResponse}, which tells the client not to
   * reuse that connection, then keeps it open and reads: the client must send nothing more on it.
   * Every later connection answers "fresh".
   */
  private void assertTheConnectionOfTheFirstResponseIsNotReused(
      ScriptedHttp1Server.Step firstResponse, String firstBody) throws Exception {
    CompletableFuture<Integer> bytesAfterResponse = new CompletableFuture<>();
    try (ScriptedHttp1Server server =
        new ScriptedHttp1Server(
            ScriptedHttp1Server.firstConnectionThenRespondingWith(
                peer -> {
                  peer.readRequest();
                  firstResponse.run(peer);
                  bytesAfterResponse.complete(peer.bytesUntilClientCloses());
                },
                "fresh"))) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));

      assertEquals(firstBody, text(send(sender, ascii("one")).response()));
      assertEquals("fresh", text(send(sender, ascii("two")).response()));

      assertEquals(0, bytesAfterResponse.get(30, TimeUnit.SECONDS));
      assertSecondExportOnASecondConnection(server);
    }
  }

  // ---------------------------------------------------------------- response framing

  @Test
  void chunkedResponseFromARealServerIsReadAndTheConnectionReused() throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.plain(
            (exchange, request, i) -> {
              exchange.sendResponseHeaders(200, 0); // documented: length 0 means chunked
              try (OutputStream out = exchange.getResponseBody()) {
                for (String piece : new String[] {"partial ", "success ", "#" + i}) {
                  out.write(ascii(piece));
                  out.flush();
                }
              }
            })) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));

      assertEquals("partial success #0", text(send(sender, ascii("one")).response()));
      assertEquals("partial success #1", text(send(sender, ascii("two")).response()));

      assertEquals(1, server.connections());
    }
  }

  @Test
  void chunkExtensionsAndTrailerFieldsAreReadPastAndTheConnectionReused() throws Exception {
    String alphabet = "abcdefghijklmnopqrstuvwxyz";
    try (ScriptedHttp1Server server =
        new ScriptedHttp1Server(
            (peer, connection) ->
                peer.writeToEach(
                    "HTTP/1.1 200 OK\r\n"
                        + "Transfer-Encoding: chunked\r\n"
                        + "Trailer: X-Checksum\r\n"
                        + "\r\n"
                        + "5;ext=1\r\nhello\r\n"
                        + "7 ; name=\"quoted;value\"\r\n, world\r\n"
                        + "1A\r\n" + alphabet + "\r\n"
                        + "0;last\r\n"
                        + "X-Checksum: abc\r\n"
                        + "X-Other: def\r\n"
                        + "\r\n"))) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));

      assertEquals("hello, world" + alphabet, text(send(sender, ascii("one")).response()));
      assertEquals("hello, world" + alphabet, text(send(sender, ascii("two")).response()));

      assertRequestsOnOneConnection(server, 2);
    }
  }

  @Test
  void bodyFramedByTheCloseIsReadAndThatConnectionNeverReused() throws Exception {
    assertTheConnectionOfTheFirstResponseIsNotReused(
        peer -> {
          peer.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the close");
          peer.socket.shutdownOutput(); // half-closed: the server still reads
        },
        "until the close");
  }

  @Test
  void noContentResponseHasNoBodyAndLeavesTheConnectionInStep() throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.plain(
            (exchange, request, i) -> {
              if (i == 0) {
                exchange.sendResponseHeaders(204, -1);
              } else {
                reply(exchange, 200, ascii("next"));
              }
            })) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));

      HttpResponse first = send(sender, ascii("one")).response();
      assertEquals(204, first.getStatusCode());
      assertEquals(0, first.getResponseBody().length);
      HttpResponse second = send(sender, ascii("two")).response();
      assertEquals(200, second.getStatusCode());
      assertEquals("next", text(second));
      assertEquals(1, server.connections());
    }
  }

  @Test
  void interimResponsesAreSkippedForTheFinalOne() throws Exception {
    try (ScriptedHttp1Server server =
        new ScriptedHttp1Server(
            (peer, connection) ->
                peer.writeToEach(
                    "HTTP/1.1 100 Continue\r\n\r\n"
                        + "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                        + "HTTP/1.1 200 Fine\r\nContent-Length: 5\r\n\r\nfinal"))) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));

      HttpResponse response = send(sender, ascii("one")).response();
      assertEquals(200, response.getStatusCode());
      assertEquals("Fine", response.getStatusMessage());
      assertEquals("final", text(response));
      assertEquals("final", text(send(sender, ascii("two")).response()));
      assertRequestsOnOneConnection(server, 2);
    }
  }

  @Test
  void gzipEncodedResponseBodyIsDecoded() throws Exception {
    byte[] payload = ascii("rejected data points: 7; ".repeat(500));
    try (RecordingHttpServer server =
        RecordingHttpServer.plain(
            (exchange, request, i) ->
                reply(exchange, 200, gzip(payload), "Content-Encoding", "gzip"))) {
      HttpResponse response =
          send(sender(new Config(server.endpoint("/v1/metrics"))), ascii("x")).response();

      assertArrayEquals(payload, response.getResponseBody());
    }
  }

  @Test
  void unsupportedContentEncodingFailsAndIsNotRetried() throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.plain(
            (exchange, request, i) ->
                reply(exchange, 200, ascii("not brotli"), "Content-Encoding", "br"))) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.retryPolicy = retries(3, Duration.ofMillis(10));

      assertResponseRejectedOnce(server, config, "br");
    }
  }

  /** An export with {@code config} fails with ResponseRejected naming {@code why}; sent once. */
  private void assertResponseRejectedOnce(RecordingHttpServer server, Config config, String why)
      throws Exception {
    Throwable error = send(sender(config), ascii("x")).error();

    assertInstanceOf(ResponseRejected.class, error);
    assertTrue(error.getMessage().contains(why), error.getMessage());
    assertEquals(1, server.requests.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"content-length", "chunked", "gzip"})
  void responseBodyOverTheLimitFailsAndIsNotRetried(String framing) throws Exception {
    byte[] big = ascii("r".repeat(5_000));
    byte[] zipped = gzip(big);
    assertTrue(zipped.length < 1000, "gzip is small on the wire: " + zipped.length);
    try (RecordingHttpServer server =
        RecordingHttpServer.plain(
            (exchange, request, i) -> {
              switch (framing) {
                case "content-length":
                  reply(exchange, 200, big);
                  break;
                case "chunked":
                  exchange.sendResponseHeaders(200, 0);
                  try (OutputStream out = exchange.getResponseBody()) {
                    out.write(big);
                  }
                  break;
                default: // small on the wire, over the limit once decoded
                  reply(exchange, 200, zipped, "Content-Encoding", "gzip");
              }
            })) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.maxResponseBodySize = 1000;
      config.retryPolicy = retries(3, Duration.ofMillis(10));

      assertResponseRejectedOnce(server, config, "1000");
    }
  }

  /** An exporter that sets no limit still gets one: a response is read into the heap. */
  @Test
  void withoutALimitFromTheExporterResponseBodiesStopAt4MiB() throws Exception {
    byte[] big = new byte[(4 << 20) + 1];
    try (RecordingHttpServer server =
        RecordingHttpServer.plain((exchange, request, i) -> reply(exchange, 200, big))) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.maxResponseBodySize = 0;

      assertResponseRejectedOnce(server, config, Long.toString(4 << 20));
    }
  }

  /** The agent configures no proxy; a sender asked for one must not connect directly instead. */
  @Test
  void proxyOptionsAreRefused() {
    Config config = new Config("http://127.0.0.1:4318/v1/metrics");
    config.proxyOptions = ProxyOptions.create(new InetSocketAddress("127.0.0.1", 3128));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sender(config));
    assertTrue(e.getMessage().contains("proxy"), e.getMessage());
  }

  @Test
  void malformedStatusLineFails() throws Exception {
    try (ScriptedHttp1Server server =
        new ScriptedHttp1Server(
            (peer, connection) -> {
              peer.readRequest();
              peer.write("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n");
            })) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));

      Throwable error = send(sender, ascii("x")).error();

      assertInstanceOf(ProtocolException.class, error);
      server.assertNoErrors();
    }
  }

  // ---------------------------------------------------------------- statuses and retries

  @Test
  void errorStatusesGoToTheResponseConsumerAndWithoutPolicyAreSentOnce() throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.plain(
            (exchange, request, i) -> {
              if (i == 0) {
                reply(exchange, 400, ascii("bad data"));
              } else {
                reply(exchange, 503, new byte[0]);
              }
            })) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));

      HttpResponse badRequest = send(sender, ascii("one")).response();
      assertEquals(400, badRequest.getStatusCode());
      assertEquals("Bad Request", badRequest.getStatusMessage());
      assertEquals("bad data", text(badRequest));
      assertEquals(1, server.requests.size());

      HttpResponse unavailable = send(sender, ascii("two")).response();
      assertEquals(503, unavailable.getStatusCode());
      assertEquals("Service Unavailable", unavailable.getStatusMessage());
      assertEquals(2, server.requests.size());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void retryableStatusIsRetriedUntilOk(int status) throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.plain(
            (exchange, request, i) -> reply(exchange, i == 0 ? status : 200, ascii("r" + i)))) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.retryPolicy = retries(3, Duration.ofMillis(10));
      byte[] body = randomBytes(5_000, 7);

      HttpResponse response = send(sender(config), body).response();

      assertEquals(200, response.getStatusCode());
      assertEquals("r1", text(response));
      assertEquals(2, server.requests.size());
      assertArrayEquals(body, server.requests.get(1).body);
    }
  }

  /** The first request gets {@code status} with those headers, every later one 200; no bodies. */
  private static RecordingHttpServer.Responder firstEmptyThenOk(int status, String... headers) {
    return (exchange, request, i) -> {
      if (i == 0) {
        reply(exchange, status, new byte[0], headers);
      } else {
        reply(exchange, 200, new byte[0]);
      }
    };
  }

  @Test
  void retryAfterZeroIsHonouredInsteadOfTheBackoff() throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.plain(firstEmptyThenOk(503, "Retry-After", "0"))) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.timeout = Duration.ofSeconds(25);
      config.retryPolicy = retries(3, Duration.ofSeconds(10)); // at least 8 s with jitter

      Outcome outcome = send(sender(config), ascii("x"));

      assertEquals(200, outcome.response().getStatusCode());
      assertEquals(2, server.requests.size());
      assertTrue(outcome.elapsedMillis < 4000, "took " + outcome.elapsedMillis + " ms");
    }
  }

  @Test
  void retryAfterSecondsIsHonouredInsteadOfTheBackoff() throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.plain(firstEmptyThenOk(429, "Retry-After", "1"))) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.retryPolicy = retries(3, Duration.ofMillis(1));

      Outcome outcome = send(sender(config), ascii("x"));

      assertEquals(200, outcome.response().getStatusCode());
      assertEquals(2, server.requests.size());
      assertTrue(outcome.elapsedMillis >= 950, "took " + outcome.elapsedMillis + " ms");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 413, 500})
  void nonRetryableStatusIsNotRetried(int status) throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.plain((exchange, request, i) -> reply(exchange, status, ascii("no")))) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.retryPolicy = retries(3, Duration.ofMillis(10));

      HttpResponse response = send(sender(config), ascii("x")).response();

      assertEquals(status, response.getStatusCode());
      assertEquals("no", text(response));
      assertEquals(1, server.requests.size());
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }

  /** {@code policy}, counting each failed attempt and deciding as the sender would without it. */
  private static RetryPolicy countingFailedAttempts(RetryPolicy policy, AtomicInteger failed) {
    return policy.toBuilder()
        .setRetryExceptionPredicate(
            e -> {
              failed.incrementAndGet();
              return Http1Sender.isRetryable(e);
            })
        .build();
  }

  @Test
  void connectionRefusedIsRetriedUpToTheMaxAttempts() throws Exception {
    AtomicInteger failedAttempts = new AtomicInteger();
    Config config = new Config("http://127.0.0.1:" + closedPort() + "/v1/metrics");
    config.retryPolicy = countingFailedAttempts(retries(3, Duration.ofMillis(20)), failedAttempts);

    Outcome outcome = send(sender(config), ascii("x"));

    assertInstanceOf(ConnectException.class, outcome.error());
    assertEquals(3, failedAttempts.get());
    assertTrue(outcome.elapsedMillis >= 30, "two backoffs: " + outcome.elapsedMillis + " ms");
  }

  @Test
  void connectionRefusedRetriesStopAtTheDeadline() throws Exception {
    AtomicInteger failedAttempts = new AtomicInteger();
    Config config = new Config("http://127.0.0.1:" + closedPort() + "/v1/metrics");
    config.timeout = Duration.ofMillis(500);
    // Five attempts would take at least 4 x 160 ms of backoff: the deadline comes first.
    config.retryPolicy = countingFailedAttempts(retries(5, Duration.ofMillis(200)), failedAttempts);

    Outcome outcome = send(sender(config), ascii("x"));

    Throwable error = outcome.error();
    assertTrue(error instanceof ConnectException || error instanceof SocketTimeoutException,
        error.toString());
    assertTrue(failedAttempts.get() >= 2 && failedAttempts.get() < 5,
        failedAttempts.get() + " attempts");
    assertTrue(outcome.elapsedMillis >= 450 && outcome.elapsedMillis < 5000,
        "took " + outcome.elapsedMillis + " ms");
  }

  @Test
  void connectionRefusedWithoutPolicyFailsAtOnce() throws Exception {
    Outcome outcome =
        send(sender(new Config("http://127.0.0.1:" + closedPort() + "/v1/metrics")), ascii("x"));

    assertInstanceOf(ConnectException.class, outcome.error());
    assertTrue(outcome.elapsedMillis < 5000, "took " + outcome.elapsedMillis + " ms");
  }

  // ---------------------------------------------------------------- timeouts and shutdown

  @Test
  void answerSentBeforeTheServerReadTheWholeBodyReachesTheResponseConsumer() throws Exception {
    // Answering without reading 16 MiB, the JDK's server closes the connection: our writes are
    // reset long before the body is out, but its 413 has arrived and is what counts.
    byte[] body = randomBytes(16 << 20, 4);
    try (RecordingHttpServer server =
        RecordingHttpServer.notReadingBodies(
            (exchange, request, i) -> reply(exchange, 413, ascii("too large")))) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.retryPolicy = retries(3, Duration.ofMillis(10));
      HttpSender sender = sender(config);

      for (int i = 1; i <= 2; i++) {
        HttpResponse response = send(sender, body).response();

        assertEquals(413, response.getStatusCode());
        assertEquals("too large", text(response));
        assertEquals(i, server.requests.size(), "not retried");
      }
    }
  }

  @Test
  void serverThatNeverAnswersFailsWithATimeoutAtTheDeadline() throws Exception {
    try (RecordingHttpServer server = RecordingHttpServer.plain(RecordingHttpServer.HANG)) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.timeout = Duration.ofMillis(300);

      Outcome outcome = send(sender(config), ascii("x"));

      assertInstanceOf(SocketTimeoutException.class, outcome.error());
      assertTrue(outcome.elapsedMillis >= 250 && outcome.elapsedMillis < 5000,
          "took " + outcome.elapsedMillis + " ms");
      assertEquals(1, server.requests.size());
    }
  }

  /**
   * Over TLS too: closing a TLS socket waits for the lock a blocked writer holds, so the watchdog
   * must cut the TCP socket beneath it (Wire.close), or the deadline would never fire.
   */
  @ParameterizedTest
  @ValueSource(strings = {"http", "https"})
  void serverThatNeverReadsALargeBodyFailsWithATimeoutAtTheDeadline(String scheme)
      throws Exception {
    byte[] body = randomBytes(16 << 20, 3);
    CountDownLatch clientGaveUp = new CountDownLatch(1);
    CompletableFuture<Long> bodyBytesReceived = new CompletableFuture<>();
    RecordingHttpServer.Responder neverReads =
            (exchange, request, i) -> {
              clientGaveUp.await();
              long n = 0;
              try (InputStream in = exchange.getRequestBody()) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) >= 0; ) {
                  n += r;
                }
              } catch (IOException expected) {
                // the client closed before the end of the body
              }
              bodyBytesReceived.complete(n);
            };
    boolean tls = scheme.equals("https");
    try (RecordingHttpServer server =
        tls
            ? RecordingHttpServer.tlsNotReadingBodies(
                SelfSignedCertificate.serverContext(), neverReads)
            : RecordingHttpServer.notReadingBodies(neverReads)) {
      Config config = new Config(server.endpoint(scheme, "/v1/metrics"));
      if (tls) {
        config.trustManager = SelfSignedCertificate.trustManager();
      }
      config.timeout = Duration.ofMillis(300);

      Outcome outcome = send(sender(config), body);

      Throwable error = outcome.error();
      clientGaveUp.countDown();
      assertInstanceOf(SocketTimeoutException.class, error);
      assertTrue(outcome.elapsedMillis >= 250 && outcome.elapsedMillis < 5000,
          "took " + outcome.elapsedMillis + " ms");
      // The sender was stuck writing: the watchdog closed the socket under it.
      long received = bodyBytesReceived.get(30, TimeUnit.SECONDS);
      assertTrue(received < body.length, "received all " + received + " bytes");
    }
  }

  @Test
  void shutdownFailsAnInFlightExportPromptly() throws Exception {
    try (RecordingHttpServer server = RecordingHttpServer.plain(RecordingHttpServer.HANG)) {
      Config config = new Config(server.endpoint("/v1/metrics"));
      config.timeout = Duration.ofSeconds(30);
      HttpSender sender = sender(config);
      Outcome outcome = send(sender, ascii("x"));
      server.awaitRequests(1);

      long start = System.nanoTime();
      assertTrue(sender.shutdown().isSuccess());
      Throwable error = outcome.error();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertInstanceOf(IOException.class, error);
      assertFalse(error instanceof SocketTimeoutException, error.toString());
      assertTrue(millis < 5000, "took " + millis + " ms after shutdown");
    }
  }

  @Test
  void sendsAfterShutdownFailAndShutdownIsIdempotent() throws Exception {
    try (RecordingHttpServer server = RecordingHttpServer.plain(RecordingHttpServer.OK)) {
      HttpSender sender = sender(new Config(server.endpoint("/v1/metrics")));
      assertEquals(200, send(sender, ascii("before")).response().getStatusCode());

      assertTrue(sender.shutdown().join(5, TimeUnit.SECONDS).isSuccess());
      assertTrue(sender.shutdown().join(5, TimeUnit.SECONDS).isSuccess());
      Throwable error = send(sender, ascii("after")).error();

      assertInstanceOf(IOException.class, error);
      assertTrue(error.getMessage().contains("shut down"), error.getMessage());
      assertEquals(1, server.requests.size());
    }
  }

  // ---------------------------------------------------------------- TLS

  @ParameterizedTest
  @ValueSource(strings = {"trustManager", "sslContext"})
  void exportsOverTlsTrustingTheServerAsConfigured(String how) throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.tls(
            SelfSignedCertificate.serverContext(),
            (exchange, request, i) -> reply(exchange, 200, ascii("secure" + i)))) {
      Config config = new Config(server.endpoint("https", "/v1/metrics"));
      if (how.equals("trustManager")) {
        config.trustManager = SelfSignedCertificate.trustManager();
      } else {
        config.sslContext = SelfSignedCertificate.clientContext();
      }
      HttpSender sender = sender(config);
      byte[] body = randomBytes(50_000, 5);

      assertEquals("secure0", text(send(sender, body).response()));
      assertEquals("secure1", text(send(sender, body).response()));

      assertArrayEquals(body, server.requests.get(0).body);
      assertEquals(1, server.connections());
      assertEquals(1, server.tlsHandshakes.get());
    }
  }

  @Test
  void untrustedServerCertificateFailsOnceEvenWithARetryPolicy() throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.tls(SelfSignedCertificate.serverContext(), RecordingHttpServer.OK)) {
      // The JDK's default trust store: the self-signed certificate is not in it.
      Config config = new Config(server.endpoint("https", "/v1/metrics"));
      config.retryPolicy = retries(5, Duration.ofMillis(10));

      Throwable error = send(sender(config), ascii("x")).error();

      assertInstanceOf(SSLException.class, error);
      assertEquals(1, server.tlsHandshakes.get());
      assertEquals(0, server.requests.size());
    }
  }
}
