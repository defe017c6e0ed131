package io.sliagent.it.overhead;

/**
 * The workload's 100 endpoints: 50 URL paths and 50 tables. Names are letters only, so no agent
 * folds them into one template as it would ids.
 */
final class Endpoints {

  static final int COUNT = 50;
  static final int ROWS = 100;
  /** What the objectives file selects. */
  static final String PATH_PATTERN = "/api/*";
  static final String TABLE_PATTERN = "item*";

  private Endpoints() {}

  /** itemaa, itemab, ..., itembx. */
  static String name(int i) {
    return "item" + (char) ('a' + i / 26) + (char) ('a' + i % 26);
  }

  static String path(int i) {
    return "/api/" + name(i);
  }

  static String query(int i) {
    return "SELECT name FROM " + name(i) + " WHERE id = ?";
  }

  /**
   * Every table with {@link #ROWS} rows, as one script: run as one statement, the set-up adds one
   * endpoint, not fifty.
   */
  static String schema() {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < COUNT; i++) {
      sql.append("CREATE TABLE ").append(name(i))
          .append(" (id INT PRIMARY KEY, name VARCHAR(20)) AS SELECT X, 'n' || X FROM SYSTEM_RANGE(1, ")
          .append(ROWS).append(");\n");
    }
    return sql.toString();
  }
}
