package io.sliagent.objectives;

import java.util.Objects;

/**
 * One thing wrong with an objectives file, pointing at the offending node so the operator can go
 * straight to it. Line and column are 1-based; both are 0 when the problem is the file as a whole
 * (it cannot be read, or is too large).
 */
public final class Problem {

  private final String file;
  private final int line;
  private final int column;
  private final String message;

  /** A problem at {@code line}:{@code column} (1-based; 0 for the whole file) of {@code file}. */
  public Problem(String file, int line, int column, String message) {
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.column = column;
    this.message = Objects.requireNonNull(message, "message");
  }

  /** The file name as given to the parser. */
  public String file() {
    return file;
  }

  /** 1-based line, or 0 when the problem is the file as a whole. */
  public int line() {
    return line;
  }

  /** 1-based column, or 0 when the problem is the file as a whole. */
  public int column() {
    return column;
  }

  /** What is wrong and, where possible, what was expected; no file content beyond the token. */
  public String message() {
    return message;
  }

  /** {@code FILE:LINE:COLUMN: message}, the form compilers use, so editors can jump to it. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Problem)) {
      return false;
    }
    Problem p = (Problem) o;
    return line == p.line && column == p.column && file.equals(p.file) && message.equals(p.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, line, column, message);
  }
}
