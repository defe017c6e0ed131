package io.sliagent.export.http;

import io.opentelemetry.sdk.common.export.HttpResponse;

/** A final HTTP response, its body read in full (and decoded when the server gzipped it). */
final class Http1Response implements HttpResponse {
  private final int status;
  private final String message;
  private final byte[] body;
  /** The server's Retry-After in nanoseconds, or -1 when it gave none (or none we can read). */
  final long retryAfterNanos;

  Http1Response(int status, String message, byte[] body, long retryAfterNanos) {
    this.status = status;
    this.message = message;
    this.body = body;
    this.retryAfterNanos = retryAfterNanos;
  }

  @Override
  public int getStatusCode() {
    return status;
  }

  @Override
  public String getStatusMessage() {
    return message;
  }

  @Override
  public byte[] getResponseBody() {
    return body;
  }

  @Override
  public String toString() {
    return "HTTP " + status + (message.isEmpty() ? "" : " " + message);
  }
}
