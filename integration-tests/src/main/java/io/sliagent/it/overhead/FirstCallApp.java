package io.sliagent.it.overhead;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

/**
 * Start-up to the first instrumented calls: one JDK {@code HttpClient} GET to the harness's
 * server and one query on in-memory H2, then prints the instant both were done (epoch
 * microseconds), as {@link HelloApp} prints when main began. What an agent adds here is what it
 * costs before a service's first request can be served: loading its instrumentation, matching
 * the classes the calls load and transforming those it instruments. Argument: HTTP_PORT
 */
public final class FirstCallApp {

  static final String DONE = "first-call ";

  private FirstCallApp() {}

  public static void main(String[] args) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    int status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + args[0]
        + Endpoints.path(0))).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:first");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT X FROM SYSTEM_RANGE(1, 1)")) {
      if (status != 200 || !rs.next()) {
        throw new IllegalStateException("HTTP " + status + ", or no row");
      }
    }
    Instant now = Instant.now();
    System.out.println(DONE + (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000));
  }
}
