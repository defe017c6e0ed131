package io.sliagent.bench.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A prepared SELECT by primary key on in-memory H2, the row read: the cheapest real JDBC call,
 * so whatever an agent adds shows. Run by {@code Compare} bare and under each agent.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(4)
@State(Scope.Thread)
public class JdbcPreparedQuery {

  static final int ROWS = 1024;

  private Connection connection;
  private PreparedStatement query;
  private int id;

  @Setup
  public void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(64))");
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO items (id, name) VALUES (?, ?)")) {
      for (int i = 0; i < ROWS; i++) {
        insert.setInt(1, i);
        insert.setString(2, "item-" + i);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    query = connection.prepareStatement("SELECT name FROM items WHERE id = ?");
  }

  @Benchmark
  public String query() throws SQLException {
    id = (id + 1) & (ROWS - 1);
    query.setInt(1, id);
    try (ResultSet rs = query.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("no row " + id);
      }
      return rs.getString(1);
    }
  }

  @TearDown
  public void close() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("DROP TABLE items");
    }
    query.close();
    connection.close();
  }
}
