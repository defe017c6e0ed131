package io.sliagent.export.grpc;

import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.sliagent.export.transport.HeaderFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One unary gRPC request, prepared once per export and replayed unchanged on retries: the header
 * list (minus the per-attempt grpc-timeout) and the length-prefixed, optionally compressed body.
 */
final class GrpcRequest {
  /**
   * Names that user headers may not override: we set them ourselves, or they are
   * connection-specific and forbidden in HTTP/2 (RFC 9113 section 8.2.2).
   */
  private static final Set<String> RESERVED =
      new HashSet<>(
          Arrays.asList(
              "content-type",
              "te",
              "grpc-timeout",
              "grpc-encoding",
              "grpc-accept-encoding",
              "content-length",
              "connection",
              "keep-alive",
              "proxy-connection",
              "transfer-encoding",
              "upgrade",
              "host"));

  private final List<Map.Entry<String, String>> baseHeaders;
  /** Index in {@link #baseHeaders} where user-supplied headers start. */
  private final int userHeadersFrom;

  final byte[] body;

  private GrpcRequest(
      List<Map.Entry<String, String>> baseHeaders, int userHeadersFrom, byte[] body) {
    this.baseHeaders = baseHeaders;
    this.userHeadersFrom = userHeadersFrom;
    this.body = body;
  }

  static GrpcRequest create(
      GrpcEndpoint endpoint,
      Compressor compressor,
      Map<String, List<String>> userHeaders,
      MessageWriter writer)
      throws IOException {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    // Pseudo-headers must come first.
    headers.add(Hpack.header(":method", "POST"));
    headers.add(Hpack.header(":scheme", endpoint.target.tls ? "https" : "http"));
    headers.add(Hpack.header(":path", endpoint.path));
    headers.add(Hpack.header(":authority", endpoint.target.authority));
    headers.add(Hpack.header("content-type", "application/grpc"));
    headers.add(Hpack.header("te", "trailers"));
    // Same as the stock senders: we can read identity and gzip responses.
    headers.add(Hpack.header("grpc-accept-encoding", "identity,gzip"));
    if (compressor != null) {
      headers.add(Hpack.header("grpc-encoding", compressor.getEncoding()));
    }
    int userFrom = headers.size();
    HeaderFields.admit(
        userHeaders, RESERVED, "gRPC", (name, value) -> headers.add(Hpack.header(name, value)));
    return new GrpcRequest(headers, userFrom, frame(compressor, writer));
  }

  /** Header list for one attempt; {@code timeoutNanos <= 0} means no deadline. */
  List<Map.Entry<String, String>> headers(long timeoutNanos) {
    if (timeoutNanos <= 0) {
      return baseHeaders;
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>(baseHeaders.size() + 1);
    headers.addAll(baseHeaders.subList(0, userHeadersFrom));
    headers.add(Hpack.header("grpc-timeout", formatTimeout(timeoutNanos)));
    headers.addAll(baseHeaders.subList(userHeadersFrom, baseHeaders.size()));
    return headers;
  }

  /** Index (in the list returned by {@link #headers}) of the first user-supplied header. */
  int userHeadersFrom(long timeoutNanos) {
    return timeoutNanos <= 0 ? userHeadersFrom : userHeadersFrom + 1;
  }

  /**
   * gRPC timeout: at most 8 digits plus a unit, using the finest unit that fits (gRPC over HTTP/2
   * spec, "Timeout").
   */
  static String formatTimeout(long nanos) {
    long max = 99_999_999L;
    if (nanos <= max) {
      return nanos + "n";
    }
    long micros = TimeUnit.NANOSECONDS.toMicros(nanos);
    if (micros <= max) {
      return micros + "u";
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    if (millis <= max) {
      return millis + "m";
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos);
    if (seconds <= max) {
      return seconds + "S";
    }
    long minutes = TimeUnit.NANOSECONDS.toMinutes(nanos);
    if (minutes <= max) {
      return minutes + "M";
    }
    return Math.min(TimeUnit.NANOSECONDS.toHours(nanos), max) + "H";
  }

  /** The gRPC length-prefixed message: 1 byte compressed-flag, 4 bytes big-endian length. */
  private static byte[] frame(Compressor compressor, MessageWriter writer) throws IOException {
    int hint = Math.max(0, writer.getContentLength());
    ByteArrayOutputStream buf = new ByteArrayOutputStream(Math.min(hint, 1 << 24) + 5);
    buf.write(new byte[5], 0, 5);
    if (compressor == null) {
      writer.writeMessage(buf);
    } else {
      // Closing the compressing stream flushes its trailer; closing a ByteArrayOutputStream is a
      // no-op, so buf stays usable.
      try (OutputStream compressed = compressor.compress(buf)) {
        writer.writeMessage(compressed);
      }
    }
    byte[] framed = buf.toByteArray();
    int length = framed.length - 5;
    framed[0] = (byte) (compressor == null ? 0 : 1);
    framed[1] = (byte) (length >>> 24);
    framed[2] = (byte) (length >>> 16);
    framed[3] = (byte) (length >>> 8);
    framed[4] = (byte) length;
    return framed;
  }
}
