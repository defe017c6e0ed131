package io.sliagent.endpoint;

/**
 * Turns a raw URL path into the template an endpoint is named by: segments that are ids (all
 * digits, UUIDs, long hex or mixed letter-and-digit tokens) become {@code {id}}, so
 * {@code /items/1042/fail} is {@code /items/{id}/fail}. The query string and fragment are never
 * part of the input (callers pass {@code URI.getRawPath()}), so no parameter value is kept.
 */
public final class UrlTemplate {

  public static final String ID = "{id}";
  /** A path longer than this is cut: a template is a name, not a payload. */
  static final int MAX_LENGTH = 256;

  private UrlTemplate() {}

  public static String of(String rawPath) {
    String kept = kept(rawPath);
    if (kept != null) {
      return kept;
    }
    char[] out = new char[MAX_LENGTH];
    return new String(out, 0, rewrite(rawPath, 0, rawPath.length(), out));
  }

  /** The template when no rewrite is needed ({@code "/"} or the path itself), else null. */
  static String kept(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    return needsRewrite(rawPath, 0, rawPath.length()) ? null : rawPath;
  }

  /**
   * Writes the template of the path {@code text[from, to)} into {@code out} (at least {@link
   * #MAX_LENGTH} long) and returns its length: what {@link #of} gives for that path, without
   * making a String of it.
   */
  static int write(String text, int from, int to, char[] out) {
    if (from == to) {
      out[0] = '/';
      return 1;
    }
    if (needsRewrite(text, from, to)) {
      return rewrite(text, from, to, out);
    }
    for (int i = from; i < to; i++) {
      out[i - from] = text.charAt(i);
    }
    return to - from;
  }

  /**
   * Writes the rewritten path {@code text[from, to)} (one {@link #kept} or {@link #write} found
   * needs it) into {@code out} (at least {@link #MAX_LENGTH} long) and returns its length: ids
   * replaced, cut at MAX_LENGTH.
   */
  static int rewrite(String rawPath, int from, int to, char[] out) {
    int length = 0;
    int start = from;
    int n = to;
    // Plain loops, not indexOf and getChars: on the short segments of real paths they are faster.
    while (length < MAX_LENGTH) {
      int end = start;
      while (end < n && rawPath.charAt(end) != '/') {
        end++;
      }
      if (end > start) {
        length = isId(rawPath, start, end)
            ? append(ID, 0, ID.length(), out, length)
            : append(rawPath, start, end, out, length);
      }
      if (end == n) {
        break;
      }
      length = append("/", 0, 1, out, length);
      start = end + 1;
    }
    return length;
  }

  private static int append(String s, int start, int end, char[] out, int length) {
    int stop = Math.min(end, start + MAX_LENGTH - length);
    for (int i = start; i < stop; i++) {
      out[length++] = s.charAt(i);
    }
    return length;
  }

  /** Fast path: most templates have no digit at all and no excessive length. */
  private static boolean needsRewrite(String path, int from, int to) {
    if (to - from > MAX_LENGTH) {
      return true;
    }
    int segment = 0;
    for (int i = from; i < to; i++) {
      char c = path.charAt(i);
      if (c >= '0' && c <= '9' || c == '@') {
        return true;
      }
      segment = c == '/' ? 0 : segment + 1;
      if (segment >= 20) {
        return true;
      }
    }
    return false;
  }

  static boolean isId(String s, int start, int end) {
    int len = end - start;
    boolean allDigits = true;
    boolean allHex = true;
    int digits = 0;
    int letters = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean hexLetter = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (digit) {
        digits++;
      } else if (Character.isLetter(c)) {
        letters++;
      }
      allDigits &= digit;
      allHex &= digit || hexLetter;
    }
    if (allDigits) {
      return true;
    }
    for (int i = start; i < end; i++) {
      if (s.charAt(i) == '@') {
        return true; // an e-mail address or user name: personal data, unbounded
      }
    }
    if (isUuid(s, start, end)) {
      return true;
    }
    if (allHex && len >= 16) {
      return true;
    }
    // Opaque tokens (base62 ids, slugs with random suffixes): long and mixing letters and digits,
    // or very long whatever they hold.
    return len >= 16 && digits > 0 && letters > 0 && digits + letters >= len - 4
        || len >= 32 || len >= 20 && mixedCase(s, start, end);
  }

  /** Random tokens mix cases inside the word; names do so at most at word starts. */
  private static boolean mixedCase(String s, int start, int end) {
    int changes = 0;
    for (int i = start + 1; i < end; i++) {
      boolean upper = Character.isUpperCase(s.charAt(i));
      if (upper != Character.isUpperCase(s.charAt(i - 1))) {
        changes++;
      }
    }
    return changes >= 6;
  }

  private static boolean isUuid(String s, int start, int end) {
    if (end - start != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(start + i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
      } else if (Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
