package io.sliagent.export.grpc;

import io.sliagent.export.transport.Target;
import java.net.URI;

/** Where to connect and which method to call, derived once from the endpoint and method name. */
final class GrpcEndpoint {
  final Target target;
  /** {@code :path}: {@code /} + the full method name, e.g. {@code /pkg.Service/Method}. */
  final String path;

  private GrpcEndpoint(Target target, String path) {
    this.target = target;
    this.path = path;
  }

  static GrpcEndpoint of(URI endpoint, String fullMethodName) {
    // Like the stock senders (endpoint.resolve("/" + method)): the method path is absolute.
    String method = fullMethodName.startsWith("/") ? fullMethodName.substring(1) : fullMethodName;
    return new GrpcEndpoint(Target.of(endpoint, "gRPC endpoint"), "/" + method);
  }

  @Override
  public String toString() {
    return target.toString();
  }
}
