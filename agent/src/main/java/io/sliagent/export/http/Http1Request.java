package io.sliagent.export.http;

import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.sliagent.export.transport.HeaderFields;
import io.sliagent.export.transport.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One OTLP/HTTP POST, prepared once per export and sent unchanged on every attempt: the request
 * head and the (optionally compressed) body, whose length is known, so it goes out with a
 * Content-Length in as few writes as possible.
 */
final class Http1Request {
  /** Set by us, or about the connection rather than the message: never taken from the user. */
  private static final Set<String> RESERVED =
      new HashSet<>(
          Arrays.asList(
              "host",
              "content-type",
              "content-length",
              "content-encoding",
              "transfer-encoding",
              "connection",
              "keep-alive",
              "proxy-connection",
              "te",
              "trailer",
              "upgrade",
              "expect",
              "accept-encoding"));

  final byte[] head;
  final byte[] body;
  final int bodyLength;

  private Http1Request(byte[] head, byte[] body, int bodyLength) {
    this.head = head;
    this.body = body;
    this.bodyLength = bodyLength;
  }

  static Http1Request create(
      Target target,
      String pathAndQuery,
      String contentType,
      Compressor compressor,
      Map<String, List<String>> userHeaders,
      MessageWriter writer)
      throws IOException {
    Body body = new Body(Math.max(0, writer.getContentLength()));
    if (compressor == null) {
      writer.writeMessage(body);
    } else {
      // Closing the compressing stream writes its trailer; closing Body is a no-op.
      try (OutputStream compressed = compressor.compress(body)) {
        writer.writeMessage(compressed);
      }
    }
    StringBuilder head = new StringBuilder(256);
    head.append("POST ").append(pathAndQuery).append(" HTTP/1.1\r\n");
    field(head, "Host", hostField(target));
    field(head, "Content-Type", contentType);
    // As the stock sender: the response decoder reads these two, and nothing else.
    field(head, "Accept-Encoding", "gzip, identity");
    if (compressor != null) {
      field(head, "Content-Encoding", compressor.getEncoding());
    }
    field(head, "Content-Length", Integer.toString(body.size()));
    HeaderFields.admit(
        userHeaders, RESERVED, "OTLP/HTTP", (name, value) -> field(head, name, value));
    head.append("\r\n");
    return new Http1Request(
        head.toString().getBytes(StandardCharsets.UTF_8), body.bytes(), body.size());
  }

  /** The request target: the endpoint's path (at least "/") and query, as configured. */
  static String pathAndQuery(URI endpoint) {
    String path = endpoint.getRawPath();
    String query = endpoint.getRawQuery();
    return (path == null || path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query);
  }

  /** Host as clients send it: the port only when it is not the scheme's default. */
  private static String hostField(Target target) {
    int defaultPort = target.tls ? 443 : 80;
    if (target.port == defaultPort) {
      return target.authority.substring(0, target.authority.lastIndexOf(':'));
    }
    return target.authority;
  }

  private static void field(StringBuilder head, String name, String value) {
    head.append(name).append(": ").append(value).append("\r\n");
  }

  /** Hands its buffer over without the copy toByteArray() would make. */
  private static final class Body extends ByteArrayOutputStream {
    Body(int sizeHint) {
      super(Math.max(32, Math.min(sizeHint, 1 << 24)));
    }

    byte[] bytes() {
      return buf;
    }
  }
}
