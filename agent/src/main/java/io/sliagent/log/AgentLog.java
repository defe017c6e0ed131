package io.sliagent.log;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's voice: a few lines on stderr (stdout belongs to the application). Deliberately not
 * java.util.logging or any framework, so the agent never configures the application's logging.
 * Problems an operator must act on are said once per kind, never per call.
 */
public final class AgentLog {

  private static final String PREFIX = "[sli-agent] ";
  private static final int MAX_ONCE_KEYS = 1024;
  private static final Set<String> said = ConcurrentHashMap.newKeySet();
  private static volatile boolean debug = Boolean.getBoolean("sli.debug");

  private AgentLog() {}

  public static void info(String message) {
    print("", message, null);
  }

  public static void warn(String message) {
    print("WARN ", message, null);
  }

  public static void error(String message, Throwable cause) {
    print("ERROR ", message, cause);
  }

  /** Says a warning the first time {@code key} is seen, and never again. */
  public static void warnOnce(String key, String message) {
    if (firstTime(key)) {
      warn(message);
    }
  }

  /** Says an error the first time {@code key} is seen, and never again. */
  public static void errorOnce(String key, String message, Throwable cause) {
    if (firstTime(key)) {
      error(message, cause);
    }
  }

  public static void debug(String message) {
    debug(message, null);
  }

  /** With {@code -Dsli.debug=true} only; the cause's stack trace comes with it. */
  public static void debug(String message, Throwable cause) {
    if (debug) {
      print("DEBUG ", message, cause);
    }
  }

  public static boolean isDebug() {
    return debug;
  }

  public static void setDebug(boolean on) {
    debug = on;
  }

  private static boolean firstTime(String key) {
    // Bounded: keys can carry endpoint names, and a runaway application must not grow this set.
    return said.size() < MAX_ONCE_KEYS && said.add(key);
  }

  /**
   * A line as it may reach a terminal or a log file: messages can carry what a peer sent (a
   * collector's gRPC status message, a certificate's names), so control characters become
   * {@code ?} and every further line is indented, where no forged {@code [sli-agent]} line can
   * begin.
   */
  static String printable(CharSequence text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\n    ");
      } else if (c == '\t') {
        out.append(c);
      } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x202a && c <= 0x202e)
          || (c >= 0x2066 && c <= 0x2069)) {
        out.append('?'); // C0/C1 controls (escape sequences) and bidirectional overrides
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void print(String level, String message, Throwable cause) {
    PrintStream err = System.err;
    StringBuilder line = new StringBuilder(PREFIX).append(level).append(message);
    if (cause != null) {
      // The class and message only: a stack trace of agent internals is noise to an operator,
      // and -Dsli.debug=true prints it for us.
      line.append(": ").append(cause.getClass().getName());
      if (cause.getMessage() != null) {
        line.append(": ").append(cause.getMessage());
      }
    }
    err.println(printable(line));
    if (cause != null && debug) {
      cause.printStackTrace(err);
    }
  }
}
