package io.sliagent.instrumentation.jdbc;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Endpoint;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Recorder;
import io.sliagent.api.Slots;
import io.sliagent.endpoint.JdbcUrl;
import io.sliagent.endpoint.SqlShape;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names JDBC calls (database system and name from the connection's URL, operation and table from
 * the SQL) and records them. The endpoint of a prepared statement is resolved once, at prepare
 * time, so executing it costs one field read.
 */
final class JdbcHandler implements CallHandler {

  static final String SYSTEM = "db.system.name";
  static final String NAMESPACE = "db.namespace";
  static final String OPERATION = "db.operation.name";
  static final String COLLECTION = "db.collection.name";
  static final String ADDRESS = "server.address";
  static final String PORT = "server.port";

  /** SQL texts whose shape is remembered; long texts are parsed each time, never kept. */
  private static final int MAX_CACHED_SQL = 4096;
  private static final int MAX_CACHED_SQL_LENGTH = 2048;
  private static final int MAX_CACHED_URLS = 256;

  private final Recorder registry;
  private final Slots connections = new Slots();
  private final Slots statements = new Slots();
  private final ConcurrentHashMap<String, SqlShape> shapes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, JdbcUrl> urls = new ConcurrentHashMap<>();

  JdbcHandler(Recorder registry) {
    this.registry = registry;
  }

  /** Prepare: remember the statement's endpoint. */
  @Override
  public void onEvent(Object connection, Object sql, Object statement) {
    if (statement == null) {
      return;
    }
    statements.set(statement, endpoint(database((Connection) connection), shape((String) sql)));
  }

  @Override
  public void onExit(Object statement, Object sql, Object result, Throwable thrown,
      long startNanos, long endNanos) {
    Endpoint endpoint;
    if (sql != null) {
      endpoint = endpoint(database(connectionOf(statement)), shape((String) sql));
    } else {
      endpoint = preparedOrUnknown(statement, SqlShape.UNKNOWN);
    }
    record(endpoint, endNanos - startNanos, thrown);
  }

  /** Driver.connect: the physical connection is named by the URL it was opened with. */
  CallHandler connected() {
    return new CallHandler() {
      @Override
      public void onExit(Object t, Object a, Object r, Throwable th, long s, long e) {}

      @Override
      public void onEvent(Object driver, Object url, Object connection) {
        if (connection != null && url != null) {
          connections.set(connection, parse((String) url));
        }
      }
    };
  }

  CallHandler batch() {
    return (statement, sql, result, thrown, startNanos, endNanos) ->
        record(preparedOrUnknown(statement, SqlShape.BATCH), endNanos - startNanos, thrown);
  }

  private Endpoint preparedOrUnknown(Object statement, SqlShape fallback) {
    Object known = statements.get(statement);
    if (known instanceof Endpoint) {
      return (Endpoint) known;
    }
    // A plain statement's batch, or a statement prepared before the agent was attached.
    Endpoint e = endpoint(database(connectionOf(statement)), fallback);
    statements.set(statement, e);
    return e;
  }

  private static void record(Endpoint endpoint, long nanos, Throwable thrown) {
    endpoint.record(nanos, 0, thrown == null ? null : thrown.getClass().getName());
  }

  private static Connection connectionOf(Object statement) {
    try {
      return ((Statement) statement).getConnection();
    } catch (Throwable e) {
      return null; // closed statement: the call failed anyway; name it without a database
    }
  }

  private JdbcUrl database(Connection connection) {
    if (connection == null) {
      return JdbcUrl.UNKNOWN;
    }
    Object known = connections.get(connection);
    if (known instanceof JdbcUrl) {
      return (JdbcUrl) known;
    }
    JdbcUrl db = null;
    try {
      // A pool's proxy: the physical connection it wraps was named when the driver opened it.
      if (connection.isWrapperFor(Connection.class)) {
        Object inner = connections.get(connection.unwrap(Connection.class));
        if (inner instanceof JdbcUrl) {
          db = (JdbcUrl) inner;
        }
      }
      if (db == null) {
        db = parse(connection.getMetaData().getURL());
      }
    } catch (Throwable e) {
      return JdbcUrl.UNKNOWN; // not remembered: the next call may name it
    }
    connections.set(connection, db);
    return db;
  }

  private JdbcUrl parse(String url) {
    if (url == null) {
      return JdbcUrl.UNKNOWN;
    }
    JdbcUrl db = urls.get(url);
    if (db == null) {
      db = JdbcUrl.parse(url);
      if (urls.size() < MAX_CACHED_URLS) {
        urls.put(url, db);
      }
    }
    return db;
  }

  private SqlShape shape(String sql) {
    if (sql == null) {
      return SqlShape.UNKNOWN;
    }
    SqlShape s = shapes.get(sql);
    if (s == null) {
      s = SqlShape.of(sql);
      if (sql.length() <= MAX_CACHED_SQL_LENGTH && shapes.size() < MAX_CACHED_SQL) {
        shapes.put(sql, s);
      }
    }
    return s;
  }

  private Endpoint endpoint(JdbcUrl db, SqlShape shape) {
    return registry.endpoint(new Key(db, shape.operation(), shape.table()),
        JdbcHandler::attributes);
  }

  private static EndpointAttributes attributes(Key k) {
    EndpointAttributes.Builder b = EndpointAttributes.builder().put(SYSTEM, k.db.system());
    if (k.db.namespace() != null) {
      b.put(NAMESPACE, k.db.namespace());
    }
    b.put(OPERATION, k.operation);
    if (k.table != null) {
      b.put(COLLECTION, k.table);
    }
    if (k.db.host() != null) {
      b.put(ADDRESS, k.db.host());
      if (k.db.port() > 0) {
        b.put(PORT, (long) k.db.port());
      }
    }
    return b.build();
  }

  private static final class Key {
    final JdbcUrl db;
    final String operation;
    final String table;
    final int hash;

    Key(JdbcUrl db, String operation, String table) {
      this.db = db;
      this.operation = operation;
      this.table = table;
      this.hash = Objects.hash(db.system(), db.namespace(), db.host(), db.port(), operation,
          table);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Key)) {
        return false;
      }
      Key k = (Key) o;
      return operation.equals(k.operation) && Objects.equals(table, k.table)
          && db.system().equals(k.db.system()) && Objects.equals(db.namespace(), k.db.namespace())
          && Objects.equals(db.host(), k.db.host()) && db.port() == k.db.port();
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
