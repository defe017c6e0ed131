package io.sliagent.objectives;

import java.util.List;

/** Wording shared by the parser's messages: quoting file tokens and naming unknown keys. */
final class Messages {

  /** Tokens from the file are cut to this length: a message points at a value, not copies it. */
  static final int MAX_TOKEN = 40;

  private Messages() {}

  /**
   * A token from the file, cut to {@value #MAX_TOKEN} characters, with control characters shown
   * as {@code ?} so one problem stays on one log line.
   */
  static String token(String text) {
    String t = text.length() > MAX_TOKEN ? text.substring(0, MAX_TOKEN) + "..." : text;
    StringBuilder b = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    return b.toString();
  }

  /** {@link #token} in single quotes. */
  static String quote(String text) {
    return "'" + token(text) + "'";
  }

  /**
   * "unknown key 'treshold' (did you mean 'threshold'?)" when one valid key is close, otherwise
   * "unknown key 'foo' in objective (expected one of: ...)".
   */
  static String unknownKey(String key, String where, List<String> valid) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : valid) {
      int d = distance(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    // Requiring the distance to be below the key's length keeps 'x' from "meaning" 'id'.
    if (best != null && bestDistance <= 2 && bestDistance < key.length()) {
      return "unknown key " + quote(key) + " (did you mean '" + best + "'?)";
    }
    return "unknown key " + quote(key) + " " + where + " (expected one of: "
        + String.join(", ", valid) + ")";
  }

  /** Edit distance counting an insertion, deletion, substitution or adjacent swap as one. */
  static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 2) {
      return Integer.MAX_VALUE; // too far to suggest; also bounds the work for long tokens
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
