package io.sliagent.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Reads the agent's status page ({@code sli.status.port}) of an application that runs. */
public final class StatusPage {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final int port;

  public StatusPage(String host, int port) {
    this.base = "http://" + host + ":" + port;
    this.port = port;
  }

  public int port() {
    return port;
  }

  public String url() {
    return base + "/";
  }

  /** A port free a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public HttpResponse<String> request(String method, String path)
      throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode json() throws IOException, InterruptedException {
    HttpResponse<String> r = request("GET", "/status.json");
    if (r.statusCode() != 200) {
      throw new IOException("/status.json answered " + r.statusCode() + ": " + r.body());
    }
    return new ObjectMapper().readTree(r.body());
  }

  /**
   * {@code /status.json} once it satisfies {@code until}, waiting for the agent to listen first.
   *
   * @throws AssertionError when it does not within {@code timeout}
   */
  public JsonNode await(Duration timeout, Predicate<JsonNode> until)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = json();
        if (until.test(last)) {
          return last;
        }
      } catch (ConnectException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("/status.json not as expected within " + timeout + "; last: " + last);
  }

  /** The row of objective {@code name}'s SLI {@code sli}, or null. */
  public static JsonNode objective(JsonNode status, String name, String sli) {
    for (JsonNode o : status.get("objectives")) {
      if (o.get("name").asText().equals(name) && o.get("sli").asText().equals(sli)) {
        return o;
      }
    }
    return null;
  }
}
