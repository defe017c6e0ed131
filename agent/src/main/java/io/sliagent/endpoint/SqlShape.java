package io.sliagent.endpoint;

import java.util.Locale;

/**
 * The operation and main table of a SQL statement, read without ever keeping a literal: the
 * scanner skips string literals, quoted identifiers' contents are identifiers, comments are
 * skipped, and the operation comes from a fixed list. {@code SELECT * FROM orders WHERE id = 42}
 * is (SELECT, orders); {@code SELECT 'from secret'} is (SELECT, no table).
 */
public final class SqlShape {

  public static final SqlShape UNKNOWN = new SqlShape("OTHER", null);
  public static final SqlShape BATCH = new SqlShape("BATCH", null);

  private static final String[] OPERATIONS = {
    "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "CALL", "EXEC",
    "EXECUTE", "CREATE", "DROP", "ALTER", "TRUNCATE", "BEGIN", "START", "COMMIT", "ROLLBACK",
    "SAVEPOINT", "RELEASE", "SET", "SHOW", "EXPLAIN", "VALUES", "GRANT", "REVOKE", "COPY",
    "LOCK", "ANALYZE", "VACUUM", "USE", "DECLARE", "FETCH", "CLOSE", "PREPARE", "DEALLOCATE",
    "REFRESH", "COMMENT", "WITH"
  };
  /** Table names longer than this are not names a schema would use; drop them. */
  private static final int MAX_TABLE = 128;

  private final String operation;
  private final String table;

  private SqlShape(String operation, String table) {
    this.operation = operation;
    this.table = table;
  }

  /** The statement's operation (upper case, from a fixed list, or {@code OTHER}). */
  public String operation() {
    return operation;
  }

  /** The main table, or null when the statement names none. */
  public String table() {
    return table;
  }

  public static SqlShape of(String sql) {
    if (sql == null) {
      return UNKNOWN;
    }
    Scanner sc = new Scanner(sql);
    String first = sc.nextWord();
    if (first == null) {
      return UNKNOWN;
    }
    String op = operation(first);
    if (op == null) {
      return UNKNOWN;
    }
    if (op.equals("WITH")) {
      // A common table expression: the statement's operation is the first one at depth 0.
      String word;
      while ((word = sc.nextWordAtDepthZero()) != null) {
        String w = word.toUpperCase(Locale.ROOT);
        if (w.equals("SELECT") || w.equals("INSERT") || w.equals("UPDATE")
            || w.equals("DELETE") || w.equals("MERGE")) {
          op = w;
          break;
        }
      }
      if (op.equals("WITH")) {
        return new SqlShape("SELECT", null);
      }
    }
    return new SqlShape(op, table(op, sc));
  }

  private static String operation(String word) {
    for (String op : OPERATIONS) {
      if (op.equalsIgnoreCase(word)) {
        return op;
      }
    }
    return null;
  }

  private static String table(String op, Scanner sc) {
    switch (op) {
      case "SELECT":
      case "DELETE":
        return sc.identifierAfter("FROM");
      case "INSERT":
      case "REPLACE":
      case "UPSERT":
      case "MERGE":
        return sc.identifierAfter("INTO");
      case "UPDATE":
        return sc.nextIdentifier();
      case "TRUNCATE": {
        String t = sc.nextIdentifier();
        return "TABLE".equalsIgnoreCase(t) ? sc.nextIdentifier() : t;
      }
      case "CREATE":
      case "DROP":
      case "ALTER":
        return sc.identifierAfter("TABLE");
      default:
        return null;
    }
  }

  /** A tokenizer that only ever returns keywords and identifiers, never literal text. */
  private static final class Scanner {
    private final String s;
    private int i;
    private int depth;

    Scanner(String s) {
      this.s = s;
    }

    /** Skips whitespace, comments, literals and punctuation; returns the next bare word. */
    String nextWord() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c) || c == ',' || c == ';' || c == '=' || c == '*') {
          i++;
        } else if (c == '(') {
          depth++;
          i++;
        } else if (c == ')') {
          depth--;
          i++;
        } else if (c == '-' && peek(1) == '-') {
          skipTo('\n');
        } else if (c == '/' && peek(1) == '*') {
          int end = s.indexOf("*/", i + 2);
          i = end < 0 ? s.length() : end + 2;
        } else if (c == '\'') {
          skipQuoted('\'');
        } else if (c == '$' && isDollarQuote()) {
          skipDollarQuoted();
        } else if (c == '"' || c == '`' || c == '[') {
          skipQuoted(c == '[' ? ']' : c);
        } else if (isWordStart(c)) {
          int start = i;
          while (i < s.length() && isWordPart(s.charAt(i))) {
            i++;
          }
          return s.substring(start, i);
        } else {
          i++;
        }
      }
      return null;
    }

    String nextWordAtDepthZero() {
      String w;
      while ((w = nextWord()) != null) {
        if (depth == 0) {
          return w;
        }
      }
      return null;
    }

    String identifierAfter(String keyword) {
      String w;
      while ((w = nextWord()) != null) {
        if (w.equalsIgnoreCase(keyword)) {
          return nextIdentifier();
        }
      }
      return null;
    }

    /** The identifier that starts right here (after whitespace), dotted parts included. */
    String nextIdentifier() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      StringBuilder name = new StringBuilder();
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '"' || c == '`' || c == '[') {
          char close = c == '[' ? ']' : c;
          int end = s.indexOf(close, i + 1);
          if (end < 0) {
            return null;
          }
          name.append(s, i + 1, end);
          i = end + 1;
        } else if (isWordStart(c)) {
          int start = i;
          while (i < s.length() && isWordPart(s.charAt(i))) {
            i++;
          }
          name.append(s, start, i);
        } else {
          break;
        }
        if (i < s.length() && s.charAt(i) == '.') {
          name.append('.');
          i++;
        } else {
          break;
        }
      }
      if (name.length() == 0 || name.length() > MAX_TABLE) {
        return null;
      }
      String id = name.toString();
      // Words that can follow FROM/INTO/UPDATE but are not tables.
      switch (id.toUpperCase(Locale.ROOT)) {
        case "ONLY":
        case "LATERAL":
        case "IF":
        case "TABLE":
          return id.equalsIgnoreCase("ONLY") || id.equalsIgnoreCase("LATERAL")
              ? nextIdentifier() : id.equalsIgnoreCase("IF") ? skipIfExists() : id;
        default:
          return id;
      }
    }

    private String skipIfExists() {
      String w = nextWord(); // NOT or EXISTS
      if (w != null && w.equalsIgnoreCase("NOT")) {
        nextWord();
      }
      return nextIdentifier();
    }

    private char peek(int ahead) {
      int j = i + ahead;
      return j < s.length() ? s.charAt(j) : 0;
    }

    private void skipTo(char c) {
      int end = s.indexOf(c, i);
      i = end < 0 ? s.length() : end + 1;
    }

    private void skipQuoted(char close) {
      i++;
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '\\' && close == '\'') {
          i++;
        } else if (c == close) {
          if (i < s.length() && s.charAt(i) == close) {
            i++; // doubled quote inside the literal
          } else {
            return;
          }
        }
      }
    }

    private boolean isDollarQuote() {
      int j = i + 1;
      while (j < s.length() && isWordPart(s.charAt(j)) && s.charAt(j) != '$') {
        j++;
      }
      return j < s.length() && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)));
    }

    private void skipDollarQuoted() {
      int tagEnd = s.indexOf('$', i + 1);
      String tag = s.substring(i, tagEnd + 1);
      int close = s.indexOf(tag, tagEnd + 1);
      i = close < 0 ? s.length() : close + tag.length();
    }

    private static boolean isWordStart(char c) {
      return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
  }
}
