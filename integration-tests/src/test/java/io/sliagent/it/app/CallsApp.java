package io.sliagent.it.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * An ordinary application that knows nothing of the agent: a fixed mix of HTTP calls (JDK
 * HttpClient sync and async, HttpURLConnection) and SQL (H2 and PostgreSQL), with planted
 * secrets in query strings, user-info, SQL literals and parameters. It prints what happened,
 * never timings, so its output is the same with and without the agent; it writes its own
 * measurement of every call to a file for comparison with the agent's.
 *
 * <p>Arguments: HTTP_PORT POSTGRES_URL|none TIMINGS_FILE
 */
public final class CallsApp {

  public static final String SECRET = "s3cr3t-planted";

  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final List<String> timings = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    new CallsApp().run(Integer.parseInt(args[0]), args[1], Path.of(args[2]));
  }

  void run(int port, String pgUrl, Path timingsFile) throws Exception {
    String base = "http://127.0.0.1:" + port;
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 1; i <= 20; i++) {
      send(client, "GET", base + "/items/" + (1000 + i) + "?token=" + SECRET + "#frag", "items");
    }
    for (int i = 1; i <= 5; i++) {
      send(client, "GET", base + "/items/" + i + "/fail", "items-fail");
    }
    for (int i = 0; i < 3; i++) {
      send(client, "POST", base + "/slow/report", "slow");
    }
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/async/" + i)).build();
      futures.add(client.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> f : futures) {
      count("httpclient-async " + f.get().statusCode());
    }
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    send(client, "GET", "http://127.0.0.1:" + closedPort + "/refused", "refused");
    // A server that takes the request and closes without an answer: the client sends it again,
    // once, and then fails.
    try (ServerSocket drop = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread dropper = new Thread(() -> {
        while (true) {
          try (java.net.Socket s = drop.accept()) {
            s.getInputStream().read(new byte[256]);
          } catch (java.io.IOException e) {
            return;
          }
        }
      }, "dropper");
      dropper.setDaemon(true);
      dropper.start();
      send(client, "GET", "http://127.0.0.1:" + drop.getLocalPort() + "/dropped", "dropped");
    }

    for (int i = 1; i <= 7; i++) {
      legacy("GET", "http://user:" + SECRET + "@127.0.0.1:" + port + "/legacy/" + i
          + "?key=" + SECRET, "legacy");
    }
    for (int i = 1; i <= 4; i++) {
      legacy("POST", base + "/legacy/" + i + "/fail", "legacy-fail");
    }
    legacy("GET", "http://127.0.0.1:" + closedPort + "/legacy-refused", "legacy-refused");
    for (int i = 0; i < 2; i++) {
      implicitPost(base + "/legacy/implicit");
    }

    sql("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1", "h2");
    if (!pgUrl.equals("none")) {
      sql(pgUrl, "pg");
    }

    outcomes.forEach((k, v) -> System.out.println(k + " x" + v));
    Files.write(timingsFile, timings, StandardCharsets.UTF_8);
  }

  private void send(HttpClient client, String method, String url, String label) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString("payload " + SECRET))
        .header("Authorization", "Bearer " + SECRET)
        .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      timings.add(label + " " + (System.nanoTime() - start));
      count("httpclient " + response.statusCode());
    } catch (IOException | InterruptedException e) {
      timings.add(label + " " + (System.nanoTime() - start));
      count("httpclient " + e.getClass().getSimpleName());
    }
  }

  private void legacy(String method, String url, String label) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setRequestMethod(method);
    c.setRequestProperty("X-Api-Key", SECRET);
    long start = System.nanoTime();
    try {
      if (method.equals("POST")) {
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
          out.write(("body " + SECRET).getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = c.getResponseCode();
      timings.add(label + " " + (System.nanoTime() - start));
      InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream();
      if (body != null) {
        body.readAllBytes();
        body.close();
      }
      count("urlconnection " + status + " " + c.getHeaderField(0).startsWith("HTTP/1.1"));
    } catch (IOException e) {
      timings.add(label + " " + (System.nanoTime() - start));
      count("urlconnection " + e.getClass().getSimpleName());
    }
  }

  /** setDoOutput(true) without setRequestMethod: the JDK sends a POST. */
  private void implicitPost(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setDoOutput(true);
    try (OutputStream out = c.getOutputStream()) {
      out.write(SECRET.getBytes(StandardCharsets.UTF_8));
    }
    try (InputStream in = c.getInputStream()) {
      in.readAllBytes();
    }
    count("urlconnection implicit " + c.getRequestMethod() + " " + c.getResponseCode());
  }

  private void sql(String url, String label) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS sli_orders");
        s.execute("CREATE TABLE sli_orders (id INT PRIMARY KEY, note VARCHAR(100))");
      }
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO sli_orders (id, note) VALUES (?, ?)")) {
        for (int i = 1; i <= 12; i++) {
          insert.setInt(1, i);
          insert.setString(2, "note " + SECRET);
          count(label + " insert " + insert.executeUpdate());
        }
      }
      try (Statement s = c.createStatement()) {
        for (int i = 0; i < 8; i++) {
          try (ResultSet rs = s.executeQuery(
              "SELECT id FROM sli_orders WHERE note = 'note " + SECRET + "' AND id > " + i)) {
            int rows = 0;
            while (rs.next()) {
              rows++;
            }
            count(label + " select rows " + rows);
          }
        }
      }
      try (PreparedStatement update =
          c.prepareStatement("UPDATE sli_orders SET note = ? WHERE id = ?")) {
        for (int i = 1; i <= 3; i++) {
          update.setString(1, SECRET);
          update.setInt(2, i);
          update.addBatch();
        }
        count(label + " batch " + update.executeBatch().length);
      }
      for (int i = 0; i < 2; i++) {
        try (Statement s = c.createStatement()) {
          s.executeQuery("SELECT * FROM sli_missing WHERE secret = '" + SECRET + "'");
        } catch (SQLException e) {
          count(label + " error");
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE sli_orders");
      }
    }
  }

  private void count(String outcome) {
    outcomes.merge(outcome, 1, Integer::sum);
  }

}
