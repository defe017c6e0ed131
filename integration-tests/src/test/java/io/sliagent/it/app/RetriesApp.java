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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An application that retries its calls with a retry library: 10 calls to a server path that
 * answers 503 twice and then 200, each retried until it succeeds (3 attempts each); one call to a
 * refused port, retried until the library gives up (3 attempts); and 5 calls that succeed at once.
 * Prints how the calls ended, never timings.
 *
 * <p>Arguments: resilience4j|spring-retry|spring-core-retry|failsafe HTTP_PORT
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
    switch (args[0]) {
      case "resilience4j":
        app.resilience4j(base, refused);
        break;
      case "spring-retry":
        app.springRetry(base, refused);
        break;
      case "spring-core-retry":
        app.springCoreRetry(base, refused);
        break;
      case "failsafe":
        app.failsafe(base, refused);
        break;
      default:
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
    // A query retried too: its first two attempts read a table that is not there.
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:retries")) {
      int[] attempt = {0};
      Retry db = Retry.of("db", RetryConfig.custom().maxAttempts(3)
          .waitDuration(Duration.ofMillis(1)).retryExceptions(java.sql.SQLException.class).build());
      count("query " + db.executeCallable(() -> {
        try (java.sql.Statement st = c.createStatement();
            java.sql.ResultSet rs = st.executeQuery(++attempt[0] < 3
                ? "SELECT id FROM sli_missing" : "SELECT X FROM SYSTEM_RANGE(1, 1)")) {
          return rs.next() ? rs.getInt(1) : -1;
        }
      }));
    }
  }

  /** A 503 as an exception, for the libraries that retry on exceptions only. */
  static final class Unavailable extends RuntimeException {
    Unavailable() {
      super("503", null, false, false);
    }
  }

  private int getOrThrow(String url) throws IOException, InterruptedException {
    int status = get(url);
    if (status == 503) {
      throw new Unavailable();
    }
    return status;
  }

  void springRetry(String base, String refused) throws Exception {
    org.springframework.retry.support.RetryTemplate retry =
        org.springframework.retry.support.RetryTemplate.builder()
            .maxAttempts(3)
            .fixedBackoff(1)
            .retryOn(List.of(IOException.class, Unavailable.class))
            .build();
    for (int i = 1; i <= 10; i++) {
      String url = base + "/flaky/2/orders/" + i;
      count("flaky " + retry.execute(context -> getOrThrow(url)));
    }
    try {
      retry.execute(context -> get(refused));
      count("refused answered");
    } catch (ConnectException e) {
      count("refused gave up");
    }
    for (int i = 1; i <= 5; i++) {
      String url = base + "/items/" + i;
      count("items " + retry.execute(context -> getOrThrow(url)));
    }
  }

  void springCoreRetry(String base, String refused) throws Exception {
    org.springframework.core.retry.RetryTemplate retry =
        new org.springframework.core.retry.RetryTemplate(
            org.springframework.core.retry.RetryPolicy.builder()
                .maxRetries(2)
                .delay(Duration.ofMillis(1))
                .build());
    for (int i = 1; i <= 10; i++) {
      String url = base + "/flaky/2/orders/" + i;
      count("flaky " + retry.execute(() -> getOrThrow(url)));
    }
    try {
      retry.execute(() -> get(refused));
      count("refused answered");
    } catch (org.springframework.core.retry.RetryException e) {
      count(e.getCause() instanceof ConnectException ? "refused gave up" : "refused " + e);
    }
    for (int i = 1; i <= 5; i++) {
      String url = base + "/items/" + i;
      count("items " + retry.execute(() -> getOrThrow(url)));
    }
  }

  void failsafe(String base, String refused) throws Exception {
    dev.failsafe.RetryPolicy<Integer> policy = dev.failsafe.RetryPolicy.<Integer>builder()
        .handleResultIf(status -> status == 503)
        .handle(IOException.class)
        .withMaxAttempts(3)
        .withDelay(Duration.ofMillis(1))
        .build();
    for (int i = 1; i <= 10; i++) {
      String url = base + "/flaky/2/orders/" + i;
      count("flaky " + dev.failsafe.Failsafe.with(policy).get(() -> get(url)));
    }
    try {
      dev.failsafe.Failsafe.with(policy).get(() -> get(refused));
      count("refused answered");
    } catch (dev.failsafe.FailsafeException e) {
      count(e.getCause() instanceof ConnectException ? "refused gave up" : "refused " + e);
    }
    for (int i = 1; i <= 5; i++) {
      String url = base + "/items/" + i;
      count("items " + dev.failsafe.Failsafe.with(policy).get(() -> get(url)));
    }
  }
}
