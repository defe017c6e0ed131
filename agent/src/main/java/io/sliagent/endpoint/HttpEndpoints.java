package io.sliagent.endpoint;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Endpoint;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Recorder;
import java.net.URI;
import java.util.Locale;

/**
 * Names HTTP client endpoints the same way for every HTTP library: method, server address and
 * port, and the URL template. The query, fragment and user-info of the URL are never read.
 */
public final class HttpEndpoints {

  static final String METHOD = "http.request.method";
  static final String ADDRESS = "server.address";
  static final String PORT = "server.port";
  static final String TEMPLATE = "url.template";

  private static final String[] KNOWN_METHODS = {
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "QUERY"
  };
  private static final String[] STATUS_TEXT = new String[600];

  static {
    for (int i = 100; i < STATUS_TEXT.length; i++) {
      STATUS_TEXT[i] = Integer.toString(i);
    }
  }

  private static final ThreadLocal<Probe> PROBE = ThreadLocal.withInitial(Probe::new);

  private final Recorder registry;

  public HttpEndpoints(Recorder registry) {
    this.registry = registry;
  }

  /** The endpoint for a request; {@code uri} may be relative or odd, never null. */
  public Endpoint endpoint(String method, URI uri) {
    return endpoint(method, uri.getScheme(), uri.getHost(), uri.getPort(), uri.getRawPath());
  }

  /** The endpoint for a request given by parts; {@code port} is -1 for the scheme's default. */
  public Endpoint endpoint(String method, String scheme, String host, int port, String rawPath) {
    if (host != null && host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // IPv6 literal
    }
    if (port < 0) {
      port = "https".equalsIgnoreCase(scheme) ? 443 : "http".equalsIgnoreCase(scheme) ? 80 : -1;
    }
    // A known endpoint is found through this thread's probe, which hashes and compares the URL
    // template without making its String: no allocation per call. Only a miss makes the Key.
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    Probe probe = PROBE.get().set(knownMethod(method), h, 0, h.length(), port, rawPath);
    Endpoint known = registry.find(probe);
    return known != null ? known : registry.endpoint(probe.key(), HttpEndpoints::attributes);
  }

  /**
   * The endpoint for a request whose URL a library gives as text ({@code scheme://authority/path}
   * and perhaps a query); a text without {@code ://} is taken as a path. User-info, query and
   * fragment are skipped, never copied; a known endpoint is found in the text in place, without
   * allocating.
   */
  public Endpoint endpoint(String method, String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return find(method, url, 0, 0, -1, url, 0, pathEnd(url, 0));
    }
    int start = schemeEnd + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at >= start) {
      start = at + 1; // user-info
    }
    int hostEnd = end;
    int port = -1;
    int colon = url.lastIndexOf(':', end - 1);
    int bracket = url.lastIndexOf(']', end - 1);
    if (colon >= start && colon > bracket) {
      hostEnd = colon;
      port = port(url, colon + 1, end);
    }
    if (port < 0) {
      port = schemeEnd == 5 && url.regionMatches(true, 0, "https", 0, 5) ? 443
          : schemeEnd == 4 && url.regionMatches(true, 0, "http", 0, 4) ? 80 : -1;
    }
    return find(method, url, start, hostEnd, port, url, end, pathEnd(url, end));
  }

  /** The endpoint whose host and raw path are regions of text; only a miss copies them. */
  private Endpoint find(String method, String hostText, int hostStart, int hostEnd, int port,
      String pathText, int pathStart, int pathEnd) {
    if (hostEnd - hostStart >= 2 && hostText.charAt(hostStart) == '['
        && hostText.charAt(hostEnd - 1) == ']') {
      hostStart++; // IPv6 literal
      hostEnd--;
    }
    for (int i = hostStart; i < hostEnd; i++) {
      if (hostText.charAt(i) >= 128) {
        // Lower-casing beyond ASCII may change the length: the String way, which copies.
        return endpoint(method, null, hostText.substring(hostStart, hostEnd), port,
            pathText.substring(pathStart, pathEnd));
      }
    }
    Probe probe = PROBE.get().set(knownMethod(method), hostText, hostStart, hostEnd, port,
        pathText, pathStart, pathEnd);
    Endpoint known = registry.find(probe);
    return known != null ? known : registry.endpoint(probe.key(), HttpEndpoints::attributes);
  }

  /** Where the path that starts at {@code from} ends: at a query, a fragment, or the end. */
  private static int pathEnd(String url, int from) {
    int i = from;
    while (i < url.length() && url.charAt(i) != '?' && url.charAt(i) != '#') {
      i++;
    }
    return i;
  }

  private static int port(String url, int from, int to) {
    if (from == to || to - from > 5) {
      return -1;
    }
    int port = 0;
    for (int i = from; i < to; i++) {
      char c = url.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535 ? port : -1;
  }

  /**
   * The handler for advice that hands over a request as JDK types: {@code target} the method,
   * {@code argument} the URL as text (see {@link #endpoint(String, String)}), {@code result} the
   * status code as an {@code Integer}, or null when the call threw.
   */
  public CallHandler urlHandler() {
    return new CallHandler() {
      @Override
      public void onExit(Object target, Object argument, Object result, Throwable thrown,
          long startNanos, long endNanos) {
        recordUrl(target, argument, result, thrown, endNanos - startNanos, 0);
      }
    };
  }

  /**
   * Records a call handed over as {@link #urlHandler} describes, in which the client itself sent
   * the request again {@code retries} times after a failed attempt.
   */
  public void recordUrl(Object method, Object url, Object status, Throwable thrown, long nanos,
      int retries) {
    int code = status instanceof Integer ? (Integer) status : 0;
    endpoint((String) method, (String) url).record(nanos, code,
        errorType(code, code > 0 ? null : thrown), retries);
  }

  /** Records one call with its outcome: a status code (0 if none) and/or an exception. */
  public static void record(Endpoint endpoint, long nanos, int status, Throwable thrown) {
    endpoint.record(nanos, status, errorType(status, thrown));
  }

  /** As {@link #record(Endpoint, long, int, Throwable)}, with the client's own retries in it. */
  public static void record(Endpoint endpoint, long nanos, int status, Throwable thrown,
      int retries) {
    endpoint.record(nanos, status, errorType(status, thrown), retries);
  }

  /** The exception's class, or the status code for a 5xx; null for a success. */
  static String errorType(int status, Throwable thrown) {
    if (thrown != null) {
      return thrown.getClass().getName();
    }
    if (status >= 500 && status < STATUS_TEXT.length) {
      return STATUS_TEXT[status];
    }
    return status >= 500 ? Integer.toString(status) : null;
  }

  static String knownMethod(String method) {
    if (method == null) {
      return "_OTHER";
    }
    for (String known : KNOWN_METHODS) {
      if (known.equals(method)) {
        return known;
      }
    }
    for (String known : KNOWN_METHODS) {
      if (known.equalsIgnoreCase(method)) {
        return known;
      }
    }
    return "_OTHER"; // arbitrary method names would be unbounded cardinality
  }

  private static EndpointAttributes attributes(Key k) {
    EndpointAttributes.Builder b = EndpointAttributes.builder().put(METHOD, k.method);
    if (!k.host.isEmpty()) {
      b.put(ADDRESS, k.host);
    }
    if (k.port > 0) {
      b.put(PORT, (long) k.port);
    }
    return b.put(TEMPLATE, k.template).build();
  }

  /** An endpoint's identity, the registry's key. */
  static final class Key {
    final String method;
    final String host;
    final int port;
    final String template;
    final int hash;

    Key(String method, String host, int port, String template) {
      this.method = method;
      this.host = host;
      this.port = port;
      this.template = template;
      this.hash = hash(method, host, port, template.hashCode());
    }

    // Not Objects.hash: its varargs array and boxed port would be two more objects a call.
    static int hash(String method, String host, int port, int templateHash) {
      return ((method.hashCode() * 31 + host.hashCode()) * 31 + port) * 31 + templateHash;
    }

    @Override
    public boolean equals(Object o) {
      if (o instanceof Probe) {
        return o.equals(this);
      }
      if (!(o instanceof Key)) {
        return false;
      }
      Key k = (Key) o;
      return port == k.port && method.equals(k.method) && host.equals(k.host)
          && template.equals(k.template);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * A reusable, per-thread stand-in for a {@link Key} in registry lookups: equal to the Key the
   * same request makes, with the same hash, but holding the rewritten template in a buffer
   * rather than a String. ConcurrentHashMap.get calls {@code probe.equals(storedKey)}; a probe
   * is never stored.
   */
  static final class Probe {
    private final char[] chars = new char[UrlTemplate.MAX_LENGTH];
    private String method;
    /** The host is hostText[hostStart, hostEnd), compared and hashed lower-cased (ASCII). */
    private String hostText;
    private int hostStart;
    private int hostEnd;
    private int port;
    private String kept; // the template when it is a String already, else chars[0, length)
    private int length;
    private int hash;

    /** A request whose raw path is a String of its own. */
    Probe set(String method, String hostText, int hostStart, int hostEnd, int port,
        String rawPath) {
      host(method, hostText, hostStart, hostEnd, port);
      kept = UrlTemplate.kept(rawPath);
      if (kept == null) {
        length = UrlTemplate.rewrite(rawPath, 0, rawPath.length(), chars);
      }
      return hashed();
    }

    /** A request whose raw path is pathText[pathStart, pathEnd): always built in the buffer. */
    Probe set(String method, String hostText, int hostStart, int hostEnd, int port,
        String pathText, int pathStart, int pathEnd) {
      host(method, hostText, hostStart, hostEnd, port);
      kept = null;
      length = UrlTemplate.write(pathText, pathStart, pathEnd, chars);
      return hashed();
    }

    private void host(String method, String text, int start, int end, int port) {
      this.method = method;
      this.hostText = text;
      this.hostStart = start;
      this.hostEnd = end;
      this.port = port;
    }

    private Probe hashed() {
      int templateHash;
      if (kept != null) {
        templateHash = kept.hashCode();
      } else {
        templateHash = 0;
        for (int i = 0; i < length; i++) {
          templateHash = 31 * templateHash + chars[i]; // as String.hashCode
        }
      }
      int hostHash = 0;
      for (int i = hostStart; i < hostEnd; i++) {
        hostHash = 31 * hostHash + lower(hostText.charAt(i));
      }
      hash = ((method.hashCode() * 31 + hostHash) * 31 + port) * 31 + templateHash;
      return this;
    }

    private static char lower(char c) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    Key key() {
      char[] host = new char[hostEnd - hostStart];
      for (int i = 0; i < host.length; i++) {
        host[i] = lower(hostText.charAt(hostStart + i));
      }
      return new Key(method, new String(host), port,
          kept != null ? kept : new String(chars, 0, length));
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Key)) {
        return false;
      }
      Key k = (Key) o;
      return port == k.port && method.equals(k.method) && sameHost(k.host)
          && sameTemplate(k.template);
    }

    private boolean sameHost(String host) {
      if (host.length() != hostEnd - hostStart) {
        return false;
      }
      for (int i = 0; i < host.length(); i++) {
        if (host.charAt(i) != lower(hostText.charAt(hostStart + i))) {
          return false;
        }
      }
      return true;
    }

    private boolean sameTemplate(String template) {
      if (kept != null) {
        return kept.equals(template);
      }
      if (template.length() != length) {
        return false;
      }
      for (int i = 0; i < length; i++) {
        if (template.charAt(i) != chars[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
