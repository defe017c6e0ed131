package io.sliagent.it.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A pathological application: COUNT statements naming COUNT distinct tables (none exists, so
 * each fails fast), then the heap it uses after a full GC. Arguments: COUNT
 */
public final class ManyEndpointsApp {

  private ManyEndpointsApp() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    int failed = 0;
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:many");
        Statement s = c.createStatement()) {
      for (int i = 0; i < count; i++) {
        try {
          s.executeQuery("SELECT * FROM t" + Integer.toString(i, 36));
        } catch (SQLException expected) {
          failed++;
        }
      }
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Runtime rt = Runtime.getRuntime();
    System.out.println("failed " + failed);
    System.err.println("heap-used " + (rt.totalMemory() - rt.freeMemory()));
  }
}
