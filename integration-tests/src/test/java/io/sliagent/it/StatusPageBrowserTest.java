package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.StatusPage;
import io.sliagent.it.support.TestHttpServer;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real headless browser (Debian's {@code chromium}, driven over the Chrome
 * DevTools Protocol with the JDK's WebSocket): it loads and refreshes itself without a console
 * error, shows every objective of {@code /status.json} with the same numbers, and a screenshot is
 * kept as a build artifact under {@code target/}.
 */
class StatusPageBrowserTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void thePageShowsEveryObjectiveWithTheNumbersOfStatusJsonWithoutConsoleErrors()
      throws Exception {
    Path chromium = onPath("chromium");
    Assumptions.assumeTrue(chromium != null,
        "chromium is not installed (Debian: apt-get install chromium; .ci/run does it)");
    Path dir = Files.createTempDirectory("sli-status-browser");
    int port = StatusPage.freePort();
    try (TestHttpServer server = new TestHttpServer()) {
      CompletableFuture<ForkedJvm.Result> app = StatusPageTest.startApp(dir, server, port);
      StatusPage status = new StatusPage("127.0.0.1", port);
      status.await(Duration.ofSeconds(20), j -> j.get("objectives").size() == 4);
      try (Browser browser = Browser.start(chromium, dir.resolve("chromium-profile"))) {
        Cdp page = browser.page();
        page.call("Runtime.enable");
        page.call("Log.enable");
        page.call("Page.enable");
        CompletableFuture<JsonNode> loaded = page.next("Page.loadEventFired");
        page.call("Page.navigate", Map.of("url", status.url()));
        loaded.get(30, TimeUnit.SECONDS);
        // Past one refresh (every 5 s): its script has fetched the page and swapped it in.
        Thread.sleep(6500);
        String rendered = page.evaluate("JSON.stringify({refreshed: window.performance"
            + ".getEntriesByType('resource').some(function(e){return e.initiatorType==='fetch'}),"
            + " rows: Array.prototype.map.call(document.querySelectorAll('tr.objective'),"
            + " function(tr){var o={};"
            + " Array.prototype.forEach.call(tr.cells, function(td){"
            + " o[td.classList[td.classList.length - 1]] = td.innerText.trim();});"
            + " o._name = tr.dataset.name; o._sli = tr.dataset.sli; return o;}),"
            + " endpoints: document.querySelectorAll('tr.endpoint').length})");
        JsonNode json = status.json(); // the application waits: nothing changes meanwhile
        byte[] png = Base64.getDecoder().decode(page.call("Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true)).get("data").asText());
        Path shot = Path.of("target", "status-page-java" + ForkedJvm.appJavaVersion() + ".png");
        Files.write(shot, png);

        assertEquals(List.of(), page.errors(), "console errors on the status page");
        JsonNode shown = JSON.readTree(rendered);
        assertTrue(shown.get("refreshed").asBoolean(), "the page refreshed itself: " + shown);
        assertEquals(json.get("objectives").size(), shown.get("rows").size(), rendered);
        assertEquals(json.get("endpoints").size(), shown.get("endpoints").asInt(), rendered);
        for (JsonNode o : json.get("objectives")) {
          JsonNode row = row(shown, o.get("name").asText(), o.get("sli").asText());
          String what = o.get("name").asText() + " " + o.get("sli").asText() + ": " + row;
          assertEquals(o.get("good").asLong(), Long.parseLong(row.get("good").asText()), what);
          assertEquals(o.get("bad").asLong(), Long.parseLong(row.get("bad").asText()), what);
          assertPercent(o.get("attainment").asDouble(), 3, row.get("attainment").asText(), what);
          assertPercent(o.get("target").asDouble(), 3, row.get("target").asText(), what);
          assertPercent(o.get("errorBudgetRemaining").asDouble(), 1, row.get("budget").asText(),
              what);
          o.get("burnRates").fields().forEachRemaining(b -> assertEquals(
              String.format(Locale.ROOT, "%.2f", b.getValue().asDouble()),
              row.get("burn-" + b.getKey()).asText(), what));
          assertEquals(String.format(Locale.ROOT, "%.2f", o.get("p50Ms").asDouble()),
              row.get("p50").asText(), what);
          assertEquals(String.format(Locale.ROOT, "%.2f", o.get("p99Ms").asDouble()),
              row.get("p99").asText(), what);
        }
        assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
            "a screenshot: " + png.length + " bytes");

        // The error collection itself works: an error the page logs now is seen.
        page.evaluate("console.error('sli-probe'), 1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (page.errors().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertEquals(1, page.errors().size(), page.errors().toString());
        assertTrue(page.errors().get(0).contains("sli-probe"), page.errors().toString());
      } finally {
        Files.createFile(dir.resolve("phase2.go"));
        assertEquals(0, app.get().exitCode);
      }
    }
  }

  private static JsonNode row(JsonNode shown, String name, String sli) {
    for (JsonNode r : shown.get("rows")) {
      if (r.get("_name").asText().equals(name) && r.get("_sli").asText().equals(sli)) {
        // shown as text, with what it selects below it
        assertTrue(r.get("name").asText().startsWith(name + "\n"), r.toString());
        return r;
      }
    }
    throw new AssertionError("the page shows no row for " + name + " " + sli + ": " + shown);
  }

  /** {@code text} is {@code fraction} as a percentage with {@code decimals} decimals. */
  private static void assertPercent(double fraction, int decimals, String text, String what) {
    assertEquals(String.format(Locale.ROOT, "%." + decimals + "f%%", fraction * 100), text, what);
  }

  private static Path onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, command);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** A headless chromium with a profile of its own, driven over its DevTools port. */
  static final class Browser implements AutoCloseable {
    private final Process process;
    private final Path profile;
    private final int port;
    private Cdp page;

    private Browser(Process process, Path profile, int port) {
      this.process = process;
      this.profile = profile;
      this.port = port;
    }

    static Browser start(Path chromium, Path profile) throws Exception {
      Files.createDirectories(profile);
      // --no-sandbox: chromium refuses to run as root without it (CI containers).
      Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox",
          "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile,
          "--remote-debugging-port=0", "--window-size=1600,900", "about:blank")
          .redirectErrorStream(true)
          .redirectOutput(profile.resolve("chromium.log").toFile())
          .start();
      Path active = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(active) || Files.readAllLines(active).isEmpty()) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new AssertionError("chromium did not start:\n"
              + Files.readString(profile.resolve("chromium.log")));
        }
        Thread.sleep(100);
      }
      return new Browser(p, profile, Integer.parseInt(Files.readAllLines(active).get(0).trim()));
    }

    /** The first page's DevTools session. */
    Cdp page() throws Exception {
      HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString());
      for (JsonNode t : JSON.readTree(list.body())) {
        if (t.get("type").asText().equals("page")) {
          page = Cdp.connect(t.get("webSocketDebuggerUrl").asText());
          return page;
        }
      }
      throw new AssertionError("no page target: " + list.body());
    }

    @Override
    public void close() throws Exception {
      if (page != null) {
        page.close();
      }
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** One DevTools session: commands and their answers, events, and the errors seen. */
  static final class Cdp implements WebSocket.Listener, AutoCloseable {
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static Cdp connect(String url) throws Exception {
      Cdp cdp = new Cdp();
      cdp.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(url), cdp).get(10, TimeUnit.SECONDS);
      return cdp;
    }

    JsonNode call(String method) throws Exception {
      return call(method, Map.of());
    }

    /** Sends a command and waits for its result; a protocol error fails the test. */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
      int id = ids.incrementAndGet();
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      calls.put(id, answer);
      ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
      msg.set("params", JSON.valueToTree(params));
      socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
      JsonNode reply = answer.get(30, TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new AssertionError(method + ": " + reply.get("error"));
      }
      return reply.get("result");
    }

    /** The value of a JavaScript expression in the page; an exception fails the test. */
    String evaluate(String expression) throws Exception {
      Map<String, Object> params = new HashMap<>();
      params.put("expression", expression);
      params.put("returnByValue", true);
      JsonNode r = call("Runtime.evaluate", params);
      if (r.has("exceptionDetails")) {
        throw new AssertionError(expression + ": " + r.get("exceptionDetails"));
      }
      return r.get("result").get("value").asText();
    }

    /** The next event called {@code method}. */
    CompletableFuture<JsonNode> next(String method) {
      return awaited.computeIfAbsent(method, m -> new CompletableFuture<>());
    }

    /** Uncaught exceptions, console.error calls and error log entries, as seen. */
    List<String> errors() {
      return new ArrayList<>(errors);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          received(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          errors.add("unreadable DevTools message: " + e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    private void received(JsonNode m) {
      if (m.has("id")) {
        CompletableFuture<JsonNode> f = calls.remove(m.get("id").asInt());
        if (f != null) {
          f.complete(m);
        }
        return;
      }
      String method = m.path("method").asText();
      JsonNode p = m.path("params");
      if (method.equals("Runtime.exceptionThrown")) {
        errors.add("exception: " + p.path("exceptionDetails"));
      } else if (method.equals("Runtime.consoleAPICalled")
          && p.path("type").asText().equals("error")) {
        errors.add("console.error: " + p.path("args"));
      } else if (method.equals("Log.entryAdded")
          && p.path("entry").path("level").asText().equals("error")) {
        errors.add("log: " + p.path("entry"));
      }
      CompletableFuture<JsonNode> f = awaited.remove(method);
      if (f != null) {
        f.complete(p);
      }
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS);
    }
  }
}
