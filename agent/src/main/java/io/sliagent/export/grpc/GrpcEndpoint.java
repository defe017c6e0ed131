package io.sliagent.export.grpc;

import java.net.URI;
import java.util.Locale;

/** Where and how to connect, derived once from the configured endpoint URI and method name. */
final class GrpcEndpoint {
  /** Host for DNS/TLS (IPv6 literals without brackets). */
  final String host;

  final int port;
  final boolean tls;
  /** {@code :authority}, e.g. {@code collector:4317} or {@code [::1]:4317}. */
  final String authority;
  /** {@code :path}: {@code /} + the full method name, e.g. {@code /pkg.Service/Method}. */
  final String path;

  private GrpcEndpoint(String host, int port, boolean tls, String authority, String path) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.authority = authority;
    this.path = path;
  }

  static GrpcEndpoint of(URI endpoint, String fullMethodName) {
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    boolean tls;
    if (scheme.equals("http")) {
      tls = false;
    } else if (scheme.equals("https")) {
      tls = true;
    } else {
      throw new IllegalArgumentException("gRPC endpoint must be http or https: " + scheme);
    }
    String uriHost = endpoint.getHost();
    if (uriHost == null || uriHost.isEmpty()) {
      throw new IllegalArgumentException("gRPC endpoint has no host");
    }
    int port = endpoint.getPort() != -1 ? endpoint.getPort() : (tls ? 443 : 80);
    String host =
        uriHost.startsWith("[") && uriHost.endsWith("]")
            ? uriHost.substring(1, uriHost.length() - 1)
            : uriHost;
    String authorityHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    // Like the stock senders (endpoint.resolve("/" + method)): the method path is absolute.
    String method = fullMethodName.startsWith("/") ? fullMethodName.substring(1) : fullMethodName;
    return new GrpcEndpoint(host, port, tls, authorityHost + ":" + port, "/" + method);
  }

  @Override
  public String toString() {
    return (tls ? "https://" : "http://") + authority;
  }
}
