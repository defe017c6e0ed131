package io.sliagent.objectives;

/** Matches text against a pattern in which {@code *} stands for any run of characters. */
final class Glob {

  private Glob() {}

  /**
   * Whether {@code text} matches {@code pattern} as a whole. Greedy with one backtrack point, so
   * the cost stays linear-ish in the text even for patterns like {@code *a*a*a*} (no regex).
   */
  static boolean matches(String pattern, String text, boolean ignoreCase) {
    int p = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (p < pattern.length() && same(pattern.charAt(p), text.charAt(t), ignoreCase)) {
        p++;
        t++;
      } else if (star >= 0) {
        // Let the last star swallow one more character and retry from there.
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  private static boolean same(char a, char b, boolean ignoreCase) {
    if (a == b) {
      return true;
    }
    return ignoreCase && (Character.toUpperCase(a) == Character.toUpperCase(b)
        || Character.toLowerCase(a) == Character.toLowerCase(b));
  }
}
