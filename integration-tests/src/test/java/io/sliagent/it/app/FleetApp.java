package io.sliagent.it.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One JVM of a fleet: once {@code DIR/go} exists (a scraper may want to see its counters at zero
 * first), calls a healthy API and a broken one (every call a 500), writes what it did to
 * {@code DIR/NAME.done} ({@code ok N}, {@code failed N}), then keeps running, so its
 * {@code /metrics} can be scraped, until {@code DIR/stop} exists (also while it waits to go).
 * Arguments: HTTP_PORT DIR NAME
 * OK_CALLS FAILED_CALLS.
 */
public final class FleetApp {

  private FleetApp() {}

  public static void main(String[] args) throws Exception {
    String base = "http://127.0.0.1:" + args[0];
    Path dir = Path.of(args[1]);
    int okCalls = Integer.parseInt(args[3]);
    int failedCalls = Integer.parseInt(args[4]);
    HttpClient client = HttpClient.newHttpClient();
    while (!Files.exists(dir.resolve("go"))) {
      if (Files.exists(dir.resolve("stop"))) {
        return; // the test ended before it began
      }
      Thread.sleep(50);
    }
    int ok = 0;
    int failed = 0;
    for (int i = 0; i < okCalls; i++) {
      ok += status(client, base + "/api/items/" + i) == 200 ? 1 : 0;
    }
    for (int i = 0; i < failedCalls; i++) {
      failed += status(client, base + "/broken/items/" + i + "/fail") == 500 ? 1 : 0;
    }
    Path tmp = dir.resolve(args[2] + ".tmp");
    Files.writeString(tmp, "ok " + ok + "\nfailed " + failed + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(args[2] + ".done"));
    while (!Files.exists(dir.resolve("stop"))) {
      Thread.sleep(50);
    }
    System.out.println("done");
  }

  private static int status(HttpClient client, String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
