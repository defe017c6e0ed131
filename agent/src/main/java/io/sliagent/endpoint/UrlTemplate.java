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
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    if (!needsRewrite(rawPath)) {
      return rawPath;
    }
    StringBuilder out = new StringBuilder(Math.min(rawPath.length(), MAX_LENGTH) + 8);
    int start = 0;
    int n = rawPath.length();
    while (start <= n && out.length() < MAX_LENGTH) {
      int slash = rawPath.indexOf('/', start);
      int end = slash < 0 ? n : slash;
      if (end > start) {
        if (isId(rawPath, start, end)) {
          out.append(ID);
        } else {
          out.append(rawPath, start, end);
        }
      }
      if (slash < 0) {
        break;
      }
      out.append('/');
      start = slash + 1;
    }
    if (out.length() > MAX_LENGTH) {
      out.setLength(MAX_LENGTH);
    }
    return out.toString();
  }

  /** Fast path: most templates have no digit at all and no excessive length. */
  private static boolean needsRewrite(String path) {
    if (path.length() > MAX_LENGTH) {
      return true;
    }
    int segment = 0;
    for (int i = 0; i < path.length(); i++) {
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
