package io.sliagent.export.transport;

import io.sliagent.log.AgentLog;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** Admits configured exporter headers (OTEL_EXPORTER_OTLP_HEADERS) into a request, safely. */
public final class HeaderFields {
  private HeaderFields() {}

  /**
   * Passes each well-formed header to {@code sink} as (lower-case name, value). Dropped, with a
   * debug line: names in {@code reserved} (set by the sender itself, or connection-specific),
   * names that are not tokens, and values with CR, LF or NUL, which would smuggle fields.
   */
  public static void admit(
      Map<String, List<String>> headers,
      Set<String> reserved,
      String protocol,
      BiConsumer<String, String> sink) {
    if (headers == null) {
      return;
    }
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        continue;
      }
      String name = e.getKey().trim().toLowerCase(Locale.ROOT);
      if (!isToken(name)) {
        // Not quoted: a mis-split "Authorization: Basic ..." setting would put a credential here.
        AgentLog.debug(protocol + ": dropping a header whose name is not a token ("
            + name.length() + " characters)");
        continue;
      }
      if (reserved.contains(name)) {
        AgentLog.debug(protocol + ": dropping header not allowed in a request: " + name);
        continue;
      }
      for (String value : e.getValue()) {
        if (value == null || !isValidValue(value)) {
          AgentLog.debug(protocol + ": dropping header with an invalid value: " + name);
          continue;
        }
        sink.accept(name, value);
      }
    }
  }

  /** HTTP field names are tokens (RFC 9110 section 5.6.2); this also excludes pseudo-headers. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Field values may not carry line breaks or NUL. */
  static boolean isValidValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return false;
      }
    }
    return true;
  }
}
