package io.sliagent.status;

import java.util.Map;

/** A small JSON writer: the agent has no JSON library, and the status needs only this. */
final class Json {

  private final StringBuilder out = new StringBuilder(4096);
  /** Whether the next value in the current object or array needs a comma first. */
  private boolean comma;

  Json begin(char bracket) {
    separate();
    out.append(bracket);
    comma = false;
    return this;
  }

  Json end(char bracket) {
    out.append(bracket);
    comma = true;
    return this;
  }

  /** A member's name; its value follows. */
  Json name(String name) {
    separate();
    string(out, name);
    out.append(':');
    comma = false;
    return this;
  }

  Json value(String s) {
    separate();
    if (s == null) {
      out.append("null");
    } else {
      string(out, s);
    }
    comma = true;
    return this;
  }

  Json value(long n) {
    separate();
    out.append(n);
    comma = true;
    return this;
  }

  /** NaN and the infinities have no JSON form: null. */
  Json value(double d) {
    separate();
    out.append(Double.isFinite(d) ? Double.toString(d) : "null");
    comma = true;
    return this;
  }

  Json object(Map<String, String> members) {
    begin('{');
    for (Map.Entry<String, String> m : members.entrySet()) {
      name(m.getKey()).value(m.getValue());
    }
    return end('}');
  }

  private void separate() {
    if (comma) {
      out.append(',');
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /**
   * {@code s} as a JSON string. Besides what JSON requires, {@code <}, {@code >}, {@code &} and
   * the line separators U+2028/U+2029 are escaped, so the text is also safe inside a page.
   */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'
              || Character.isSurrogate(c) && !pairedAt(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /** Whether the surrogate at {@code i} is half of a valid pair (a lone one is escaped). */
  private static boolean pairedAt(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
