package io.sliagent.rules;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scalars of the rule file and of OpenSLO documents, written by hand so the output is stable and
 * reads like a file written by a person: plain where YAML cannot mistake the text for anything but
 * a string, double quoted (with escapes) otherwise.
 */
public final class YamlText {

  // A name or a duration such as 5m; nothing YAML could read as a number, boolean or null.
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./:-]*|[0-9]+[a-z]+");
  // YAML 1.1 booleans and nulls too: Prometheus's YAML library still knows some of them.
  private static final Set<String> WORDS = Set.of("true", "false", "yes", "no", "on", "off", "y",
      "n", "null");

  private YamlText() {}

  /** {@code s} as a YAML scalar that reads back as exactly {@code s}. */
  public static String scalar(String s) {
    if (PLAIN.matcher(s).matches() && !WORDS.contains(s.toLowerCase(Locale.ROOT))
        && !s.endsWith(":")) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (unprintable(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /**
   * Whether YAML cannot hold {@code c} as it is inside a scalar: C0 and C1 controls (tab
   * included, to keep lines simple), DEL, the Unicode line and paragraph separators (line breaks
   * to some YAML readers), the byte order mark and the two noncharacters YAML excludes.
   */
  static boolean unprintable(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
        || c == '\uFEFF' || c == '\uFFFE' || c == '\uFFFF';
  }
}
