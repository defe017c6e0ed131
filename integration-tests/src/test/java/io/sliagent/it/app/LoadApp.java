package io.sliagent.it.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * THREADS threads sharing HTTP_CALLS HTTP calls and SQL_CALLS prepared queries (H2, one
 * connection per thread), as fast as the machine goes. Prints the counts it made.
 * Arguments: HTTP_PORT THREADS HTTP_CALLS SQL_CALLS [virtual]
 */
public final class LoadApp {

  private LoadApp() {}

  public static void main(String[] args) throws Exception {
    String url = "http://127.0.0.1:" + args[0] + "/load/";
    int threads = Integer.parseInt(args[1]);
    long httpCalls = Long.parseLong(args[2]);
    long sqlCalls = Long.parseLong(args[3]);
    boolean virtual = args.length > 4 && args[4].equals("virtual");
    try (Connection setup = DriverManager.getConnection("jdbc:h2:mem:load;DB_CLOSE_DELAY=-1");
        Statement s = setup.createStatement()) {
      s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))");
      s.execute("INSERT INTO items VALUES (1, 'one')");
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    AtomicLong httpLeft = new AtomicLong(httpCalls);
    AtomicLong sqlLeft = new AtomicLong(sqlCalls);
    AtomicLong httpDone = new AtomicLong();
    AtomicLong sqlDone = new AtomicLong();
    AtomicLong httpFailed = new AtomicLong();
    ExecutorService pool = virtual ? newVirtualThreadPerTaskExecutor()
        : Executors.newFixedThreadPool(threads);
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      work.add(pool.submit(() -> {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:load;DB_CLOSE_DELAY=-1");
            PreparedStatement q = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
          q.setInt(1, 1);
          while (true) {
            boolean any = false;
            if (httpLeft.getAndDecrement() > 0) {
              any = true;
              try {
                // A timeout, so one stuck exchange (it happens to the JDK client under this
                // load, with or without the agent) fails a call instead of hanging the run.
                client.send(HttpRequest.newBuilder(URI.create(url + "x"))
                        .timeout(java.time.Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
                httpDone.incrementAndGet();
              } catch (java.io.IOException e) {
                httpFailed.incrementAndGet();
              }
            }
            for (int i = 0; i < 8 && sqlLeft.getAndDecrement() > 0; i++) {
              any = true;
              try (ResultSet rs = q.executeQuery()) {
                rs.next();
              }
              sqlDone.incrementAndGet();
            }
            if (!any) {
              return null;
            }
          }
        }
      }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    pool.shutdown();
    System.out.println("http " + httpDone.get() + " sql " + sqlDone.get());
    System.err.println("http-failed " + httpFailed.get());
    System.err.println("peak-threads "
        + java.lang.management.ManagementFactory.getThreadMXBean().getPeakThreadCount());
  }

  /** Java 21's virtual threads, reached by reflection: this class is compiled for Java 11. */
  private static ExecutorService newVirtualThreadPerTaskExecutor() throws Exception {
    return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
        .invoke(null);
  }
}
