package io.sliagent.export.grpc;

import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.sliagent.log.AgentLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Turns a completed HTTP/2 stream into a {@link GrpcResponse}, with the same rules as the stock
 * OkHttp sender: status and message from the headers (trailers-only response) or else the
 * trailers, an oversized body becomes RESOURCE_EXHAUSTED, an unknown message encoding INTERNAL.
 */
final class GrpcResponses {
  private static final byte[] EMPTY = new byte[0];

  private GrpcResponses() {}

  static GrpcResponse fromStream(Http2Stream stream, long maxBodySize) {
    if (stream.bodyOverflow) {
      return tooLarge(maxBodySize);
    }
    List<Map.Entry<String, String>> headers = stream.headers;
    List<Map.Entry<String, String>> trailers = stream.trailers;

    byte[] message = EMPTY;
    byte[] wire = stream.body.toByteArray();
    if (wire.length >= 5) {
      long declared =
          ((wire[1] & 0xffL) << 24)
              | ((wire[2] & 0xffL) << 16)
              | ((wire[3] & 0xffL) << 8)
              | (wire[4] & 0xffL);
      // Unary: one message. Trust the prefix only as far as the bytes we actually got.
      int length = (int) Math.min(declared, wire.length - 5);
      if (wire[0] == 0) {
        message = Arrays.copyOfRange(wire, 5, 5 + length);
      } else {
        String encoding = Http2Stream.value(headers, "grpc-encoding");
        if (!"gzip".equalsIgnoreCase(encoding)) {
          return of(
              GrpcStatusCode.INTERNAL, "Unsupported gRPC message encoding: " + encoding, EMPTY);
        }
        try {
          message = gunzip(wire, 5, length, maxBodySize);
          if (message == null) {
            return tooLarge(maxBodySize);
          }
        } catch (IOException e) {
          AgentLog.debug("gRPC: cannot decompress response message: " + e);
          message = EMPTY;
        }
      }
    } else if (wire.length > 0) {
      AgentLog.debug("gRPC: response body shorter than a message prefix");
    }

    String status = Http2Stream.value(headers, "grpc-status");
    if (status == null) {
      status = Http2Stream.value(trailers, "grpc-status");
    }
    String grpcMessage = Http2Stream.value(headers, "grpc-message");
    if (grpcMessage == null) {
      grpcMessage = Http2Stream.value(trailers, "grpc-message");
    }
    String description = grpcMessage == null ? "" : percentDecode(grpcMessage);

    GrpcStatusCode code;
    if (status != null) {
      code = parseStatus(status);
    } else {
      // No gRPC status at all: typically a proxy or a non-gRPC server answered. Map the HTTP
      // status as the gRPC spec does ("HTTP to gRPC Status Code Mapping").
      String httpStatus = Http2Stream.value(headers, ":status");
      code = fromHttpStatus(httpStatus);
      if (grpcMessage == null) {
        description = "HTTP status " + httpStatus + " without grpc-status";
      }
    }
    return of(code, description, message);
  }

  static GrpcResponse of(GrpcStatusCode code, String description, byte[] message) {
    return new SimpleResponse(code, description, message);
  }

  private static GrpcResponse tooLarge(long maxBodySize) {
    return of(
        GrpcStatusCode.RESOURCE_EXHAUSTED,
        "gRPC response body exceeded limit of " + maxBodySize + " bytes",
        EMPTY);
  }

  private static GrpcStatusCode parseStatus(String status) {
    try {
      return GrpcStatusCode.fromValue(Integer.parseInt(status.trim()));
    } catch (NumberFormatException e) {
      return GrpcStatusCode.UNKNOWN;
    }
  }

  static GrpcStatusCode fromHttpStatus(String httpStatus) {
    int code;
    try {
      code = Integer.parseInt(httpStatus);
    } catch (NumberFormatException e) {
      return GrpcStatusCode.UNKNOWN;
    }
    switch (code) {
      case 400:
        return GrpcStatusCode.INTERNAL;
      case 401:
        return GrpcStatusCode.UNAUTHENTICATED;
      case 403:
        return GrpcStatusCode.PERMISSION_DENIED;
      case 404:
        return GrpcStatusCode.UNIMPLEMENTED;
      case 429:
      case 502:
      case 503:
      case 504:
        return GrpcStatusCode.UNAVAILABLE;
      default:
        return GrpcStatusCode.UNKNOWN;
    }
  }

  /** grpc-message is percent-encoded UTF-8 (gRPC over HTTP/2 spec). */
  static String percentDecode(String value) {
    boolean plain = true;
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = c != '%' && c >= ' ' && c < 0x7f;
    }
    if (plain) {
      return value;
    }
    // Header octets arrive as ISO-8859-1 chars, so each char is one byte.
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && i + 2 < value.length()) {
        int hi = Character.digit(value.charAt(i + 1), 16);
        int lo = Character.digit(value.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      out.write(c & 0xff);
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  /** Inflates at most {@code limit} bytes; null if the message is larger. */
  private static byte[] gunzip(byte[] buf, int off, int len, long limit) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(buf, off, len))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) != -1) {
        if (out.size() + (long) n > limit) {
          return null;
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static final class SimpleResponse implements GrpcResponse {
    private final GrpcStatusCode code;
    private final String description;
    private final byte[] message;

    SimpleResponse(GrpcStatusCode code, String description, byte[] message) {
      this.code = code;
      this.description = description;
      this.message = message;
    }

    @Override
    public GrpcStatusCode getStatusCode() {
      return code;
    }

    @Override
    public String getStatusDescription() {
      return description;
    }

    @Override
    public byte[] getResponseMessage() {
      return message;
    }

    @Override
    public String toString() {
      return "GrpcResponse{" + code + ", " + description + "}";
    }
  }
}
