package io.sliagent.it.app;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * An application that retries its calls with a retry library: 10 calls to a server path that
 * answers 503 twice and then 200, each retried until it succeeds (3 attempts each); one call to a
 * refused port, retried until the library gives up (3 attempts); and 5 calls that succeed at once.
 * Prints how the calls ended, never timings.
 *
 * <p>Arguments: resilience4j HTTP_PORT
 */
public final class RetriesApp {

  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final HttpClient client = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    RetriesApp app = new RetriesApp();
    String base = "http://127.0.0.1:" + args[1];
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String refused = "http://127.0.0.1:" + closedPort + "/refused";
    if (args[0].equals("resilience4j")) {
      app.resilience4j(base, refused);
    } else {
      throw new IllegalArgumentException(args[0]);
    }
    System.out.println("outcomes " + app.outcomes);
  }

  private int get(String url) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private void count(String what) {
    outcomes.merge(what, 1, Integer::sum);
  }

  void resilience4j(String base, String refused) throws Exception {
    Retry retry = Retry.of("orders", RetryConfig.<Integer>custom()
        .maxAttempts(3)
        .waitDuration(Duration.ofMillis(1))
        .retryOnResult(status -> status == 503)
        .retryExceptions(IOException.class)
        .build());
    for (int i = 1; i <= 10; i++) {
      String url = base + "/flaky/2/orders/" + i;
      count("flaky " + retry.executeCallable(() -> get(url)));
    }
    try {
      retry.executeCallable(() -> get(refused));
      count("refused answered");
    } catch (ConnectException e) {
      count("refused gave up");
    }
    for (int i = 1; i <= 5; i++) {
      String url = base + "/items/" + i;
      count("items " + retry.executeCallable(() -> get(url)));
    }
  }
}
