package io.sliagent.it.overhead;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One thread of {@link WorkloadApp}: operations back to back until the measured window ends,
 * recording (in microseconds) those that lie wholly inside it.
 */
final class Worker implements Runnable {

  final Histogram latencies = new Histogram(3);
  long errors;
  Exception failure;

  private final HttpClient client;
  private final HttpRequest[] requests;
  private final int firstEndpoint;
  private final long measureFrom;
  private final long measureTo;
  private final AtomicLong readyMillis;

  Worker(HttpClient client, HttpRequest[] requests, int firstEndpoint, long measureFrom,
      long measureTo, AtomicLong readyMillis) {
    this.client = client;
    this.requests = requests;
    this.firstEndpoint = firstEndpoint;
    this.measureFrom = measureFrom;
    this.measureTo = measureTo;
    this.readyMillis = readyMillis;
  }

  @Override
  public void run() {
    try (Connection c = DriverManager.getConnection(WorkloadApp.DB_URL)) {
      PreparedStatement[] queries = new PreparedStatement[Endpoints.COUNT];
      for (int i = 0; i < queries.length; i++) {
        queries[i] = c.prepareStatement(Endpoints.query(i));
      }
      for (int i = firstEndpoint; ; i = (i + 1) % Endpoints.COUNT) {
        long start = System.nanoTime();
        if (start >= measureTo) {
          return;
        }
        if (!operation(requests[i], queries[i])) {
          errors++;
          continue;
        }
        long end = System.nanoTime();
        // The first operation done anywhere is when the application is ready.
        if (readyMillis.get() == 0) {
          readyMillis.compareAndSet(0, System.currentTimeMillis());
        }
        if (start >= measureFrom && end <= measureTo) {
          latencies.recordValue((end - start) / 1000);
        }
      }
    } catch (Exception e) {
      failure = e;
    }
  }

  /** One HTTP call and one query; false when the HTTP call failed. */
  private boolean operation(HttpRequest request, PreparedStatement query)
      throws SQLException, InterruptedException {
    try {
      if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
        return false;
      }
    } catch (IOException e) {
      return false;
    }
    query.setInt(1, ThreadLocalRandom.current().nextInt(1, Endpoints.ROWS + 1));
    try (ResultSet rs = query.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("no row in " + query);
      }
      rs.getString(1);
    }
    return true;
  }
}
