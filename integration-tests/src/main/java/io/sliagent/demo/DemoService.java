package io.sliagent.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A small "checkout" service that knows nothing of the agent: it calls an inventory API over
 * HTTP (some calls fail, some are slow) and keeps orders in an embedded H2 database.
 * Argument: INVENTORY_PORT SECONDS
 */
public final class DemoService {

  private DemoService() {}

  public static void main(String[] args) throws Exception {
    String inventory = "http://127.0.0.1:" + args[0];
    long until = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
    HttpClient http = HttpClient.newHttpClient();
    try (Connection db = DriverManager.getConnection("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1")) {
      try (Statement s = db.createStatement()) {
        s.execute("CREATE TABLE orders (id INT PRIMARY KEY, sku VARCHAR(20), qty INT)");
      }
      PreparedStatement insert = db.prepareStatement("INSERT INTO orders VALUES (?, ?, ?)");
      PreparedStatement byId = db.prepareStatement("SELECT sku, qty FROM orders WHERE id = ?");
      int order = 0;
      while (System.nanoTime() < until) {
        order++;
        String path = order % 10 == 0 ? "/items/" + order + "/fail"
            : order % 25 == 0 ? "/slow/items/" + order : "/items/" + order;
        HttpResponse<String> r = http.send(
            HttpRequest.newBuilder(URI.create(inventory + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          insert.setInt(1, order);
          insert.setString(2, "sku-" + order % 7);
          insert.setInt(3, 1 + order % 3);
          insert.executeUpdate();
          byId.setInt(1, order);
          try (ResultSet rs = byId.executeQuery()) {
            rs.next();
          }
        }
        Thread.sleep(20);
      }
      System.out.println("checkout: placed " + order + " orders");
    }
  }
}
