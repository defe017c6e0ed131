package io.sliagent.it;

/**
 * The PostgreSQL server the tests use: {@code -Dsli.it.postgres.url=jdbc:postgresql://...}
 * (default 127.0.0.1:5432, user postgres, trust auth), or {@code none} to skip its part.
 */
final class Postgres {

  private Postgres() {}

  static String url() {
    return System.getProperty("sli.it.postgres.url",
        "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
  }
}
