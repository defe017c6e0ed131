package io.sliagent.it.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Two phases of calls with a pause between them, so a test can change the objectives file while
 * the JVM runs. Each phase: fast, slow and failing inventory calls and order inserts. The app
 * writes its own measurement of every call. Arguments: HTTP_PORT DIR (phase files go there).
 */
public final class SloApp {

  private SloApp() {}

  public static void main(String[] args) throws Exception {
    String base = "http://127.0.0.1:" + args[0];
    Path dir = Path.of(args[1]);
    HttpClient client = HttpClient.newHttpClient();
    List<String> timings = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      call(client, base + "/warmup", null, null); // not selected by any objective
    }
    try (Connection db = DriverManager.getConnection("jdbc:h2:mem:slo;DB_CLOSE_DELAY=-1")) {
      try (Statement s = db.createStatement()) {
        s.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
      }
      PreparedStatement insert = db.prepareStatement("INSERT INTO orders VALUES (?)");
      phase(client, base, insert, 0, 40, 6, 4, timings);
      Files.write(dir.resolve("phase1.timings"), timings, StandardCharsets.UTF_8);
      Files.createFile(dir.resolve("phase1.done"));
      while (!Files.exists(dir.resolve("phase2.go"))) {
        Thread.sleep(50);
      }
      timings.clear();
      phase(client, base, insert, 100, 10, 2, 2, timings);
      Files.write(dir.resolve("phase2.timings"), timings, StandardCharsets.UTF_8);
    }
    System.out.println("done");
  }

  private static void phase(HttpClient client, String base, PreparedStatement insert, int ids,
      int fast, int slow, int fail, List<String> timings) throws Exception {
    for (int i = 0; i < fast; i++) {
      call(client, base + "/inv/items/" + (ids + i), "fast", timings);
    }
    for (int i = 0; i < slow; i++) {
      call(client, base + "/inv/slow", "slow", timings);
    }
    for (int i = 0; i < fail; i++) {
      call(client, base + "/inv/items/" + i + "/fail", "fail", timings);
    }
    for (int i = 0; i < 10; i++) {
      insert.setInt(1, ids + i);
      insert.executeUpdate();
    }
  }

  private static void call(HttpClient client, String url, String label, List<String> timings)
      throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (timings != null) {
      timings.add(label + " " + r.statusCode() + " " + (System.nanoTime() - start));
    }
  }
}
