package io.sliagent.endpoint;

import java.util.Locale;

/**
 * What a JDBC URL says about the database: the system ({@code db.system.name}), the database
 * ({@code db.namespace}) and the server. User names, passwords and every other URL property are
 * dropped here and never reach an attribute.
 */
public final class JdbcUrl {

  public static final JdbcUrl UNKNOWN = new JdbcUrl("other_sql", null, null, -1);

  private final String system;
  private final String namespace;
  private final String host;
  private final int port;

  JdbcUrl(String system, String namespace, String host, int port) {
    this.system = system;
    this.namespace = namespace;
    this.host = host;
    this.port = port;
  }

  public String system() {
    return system;
  }

  /** The database name, or null when the URL does not say. */
  public String namespace() {
    return namespace;
  }

  /** The server host, or null for embedded databases. */
  public String host() {
    return host;
  }

  /** The server port, or -1. */
  public int port() {
    return port;
  }

  public static JdbcUrl parse(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return UNKNOWN;
    }
    String rest = url.substring(5);
    // Wrapping drivers (jdbc:p6spy:postgresql:..., jdbc:otel:...) name the real one next.
    for (String wrapper : new String[] {"p6spy:", "otel:", "log4jdbc:", "tracing:"}) {
      if (rest.regionMatches(true, 0, wrapper, 0, wrapper.length())) {
        rest = rest.substring(wrapper.length());
      }
    }
    int colon = rest.indexOf(':');
    if (colon <= 0) {
      return UNKNOWN;
    }
    String sub = rest.substring(0, colon).toLowerCase(Locale.ROOT);
    String body = rest.substring(colon + 1);
    switch (sub) {
      case "h2":
        return h2(body);
      case "hsqldb":
        return embeddedOrServer("hsqldb", body);
      case "derby":
        return embeddedOrServer("derby", body);
      case "sqlite":
        return new JdbcUrl("sqlite", lastPathPart(body), null, -1);
      case "oracle":
        return oracle(body);
      case "sqlserver":
        return sqlServer(body);
      case "db2":
        return server("ibm.db2", body, 50000);
      case "postgresql":
      case "pgsql":
        return server("postgresql", body, 5432);
      case "mysql":
        return server("mysql", stripMysqlProtocol(body), 3306);
      case "mariadb":
        return server("mariadb", stripMysqlProtocol(body), 3306);
      default:
        return server(sub.replaceAll("[^a-z0-9_.]", ""), body, -1);
    }
  }

  /** {@code //host[:port][,host2]/db?props} */
  private static JdbcUrl server(String system, String body, int defaultPort) {
    if (!body.startsWith("//")) {
      return new JdbcUrl(system, null, null, -1);
    }
    String afterSlashes = body.substring(2);
    int pathStart = indexOfAny(afterSlashes, "/?;");
    String authority = pathStart < 0 ? afterSlashes : afterSlashes.substring(0, pathStart);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1); // user-info never leaves
    }
    int comma = authority.indexOf(',');
    if (comma >= 0) {
      authority = authority.substring(0, comma);
    }
    String host = authority;
    int port = defaultPort;
    int portColon = authority.lastIndexOf(':');
    if (portColon > 0 && !authority.endsWith("]")) {
      host = authority.substring(0, portColon);
      port = parsePort(authority.substring(portColon + 1), defaultPort);
    }
    if (host.indexOf('=') >= 0 || host.indexOf('(') >= 0) {
      host = null; // key=value address forms (MySQL's address=(host=..)(password=..)): no name
      port = -1;
    } else if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String db = null;
    if (pathStart >= 0 && afterSlashes.charAt(pathStart) == '/') {
      String path = afterSlashes.substring(pathStart + 1);
      int end = indexOfAny(path, "?;/:&");
      db = end < 0 ? path : path.substring(0, end);
    }
    return new JdbcUrl(system, emptyToNull(db), emptyToNull(host), port);
  }

  private static JdbcUrl h2(String body) {
    String b = cutProperties(body);
    if (b.startsWith("tcp:") || b.startsWith("ssl:")) {
      JdbcUrl s = server("h2", b.substring(4), 9092);
      String db = s.namespace == null ? null : lastPathPart(b.substring(4));
      return new JdbcUrl("h2", db, s.host, s.port);
    }
    if (b.startsWith("mem:")) {
      return new JdbcUrl("h2", emptyToNull(b.substring(4)), null, -1);
    }
    if (b.startsWith("file:")) {
      b = b.substring(5);
    }
    return new JdbcUrl("h2", lastPathPart(b), null, -1);
  }

  private static JdbcUrl embeddedOrServer(String system, String body) {
    String b = cutProperties(body);
    if (b.startsWith("hsql:") || b.startsWith("hsqls:") || b.startsWith("http:")) {
      JdbcUrl s = server(system, b.substring(b.indexOf(':') + 1), -1);
      return new JdbcUrl(system, s.namespace, s.host, s.port);
    }
    if (b.startsWith("//")) {
      return server(system, b, 1527);
    }
    int colon = b.indexOf(':');
    if (colon > 0 && colon <= 7) {
      b = b.substring(colon + 1); // mem:, file:, res:, memory:
    }
    return new JdbcUrl(system, lastPathPart(b), null, -1);
  }

  private static JdbcUrl oracle(String body) {
    int at = body.indexOf('@');
    if (at < 0) {
      return new JdbcUrl("oracle.db", null, null, -1);
    }
    String target = body.substring(at + 1);
    if (target.startsWith("(")) {
      return new JdbcUrl("oracle.db", null, null, -1); // TNS descriptor: no simple name
    }
    if (target.startsWith("//")) {
      target = target.substring(2);
    }
    String host = target;
    int port = 1521;
    String db = null;
    int slash = target.indexOf('/');
    if (slash >= 0) {
      db = target.substring(slash + 1);
      host = target.substring(0, slash);
    }
    String[] parts = host.split(":");
    host = parts[0];
    if (parts.length > 1) {
      port = parsePort(parts[1], 1521);
    }
    if (parts.length > 2 && db == null) {
      db = parts[2];
    }
    return new JdbcUrl("oracle.db", emptyToNull(cutProperties(db)), emptyToNull(host), port);
  }

  private static JdbcUrl sqlServer(String body) {
    JdbcUrl s = server("microsoft.sql_server", body, 1433);
    String db = null;
    for (String prop : body.split(";")) {
      int eq = prop.indexOf('=');
      if (eq > 0 && prop.substring(0, eq).trim().equalsIgnoreCase("databaseName")
          || eq > 0 && prop.substring(0, eq).trim().equalsIgnoreCase("database")) {
        db = prop.substring(eq + 1).trim();
      }
    }
    return new JdbcUrl(s.system, emptyToNull(db), s.host, s.port);
  }

  private static String stripMysqlProtocol(String body) {
    // jdbc:mysql:loadbalance://..., jdbc:mysql:replication://...
    int colon = body.indexOf(':');
    int slashes = body.indexOf("//");
    return colon >= 0 && slashes > colon ? body.substring(colon + 1) : body;
  }

  private static String cutProperties(String s) {
    if (s == null) {
      return null;
    }
    int end = indexOfAny(s, ";?");
    return end < 0 ? s : s.substring(0, end);
  }

  private static String lastPathPart(String s) {
    String b = cutProperties(s);
    int cut = Math.max(b.lastIndexOf('/'), b.lastIndexOf('\\'));
    String name = b.substring(cut + 1);
    if (name.startsWith("~")) {
      name = name.substring(1);
    }
    return emptyToNull(name);
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static int parsePort(String s, int fallback) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
