package io.sliagent.export.transport;

import java.net.URI;
import java.util.Locale;

/** Where to connect and whether with TLS, derived once from an exporter's endpoint URI. */
public final class Target {
  /** Host for DNS and TLS (IPv6 literals without brackets). */
  public final String host;

  public final int port;
  public final boolean tls;
  /** {@code host:port} as sent in {@code Host} or {@code :authority}, e.g. {@code [::1]:4318}. */
  public final String authority;

  private Target(String host, int port, boolean tls, String authority) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.authority = authority;
  }

  /** {@code what} names the endpoint in errors, e.g. "gRPC endpoint". */
  public static Target of(URI endpoint, String what) {
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    boolean tls;
    if (scheme.equals("http")) {
      tls = false;
    } else if (scheme.equals("https")) {
      tls = true;
    } else {
      throw new IllegalArgumentException(what + " must be http or https: " + scheme);
    }
    String uriHost = endpoint.getHost();
    if (uriHost == null || uriHost.isEmpty()) {
      throw new IllegalArgumentException(what + " has no host");
    }
    int port = endpoint.getPort() != -1 ? endpoint.getPort() : (tls ? 443 : 80);
    String host =
        uriHost.startsWith("[") && uriHost.endsWith("]")
            ? uriHost.substring(1, uriHost.length() - 1)
            : uriHost;
    String authorityHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return new Target(host, port, tls, authorityHost + ":" + port);
  }

  @Override
  public String toString() {
    return (tls ? "https://" : "http://") + authority;
  }
}
