package io.sliagent.export.grpc;

import java.io.IOException;

/** A malformed HPACK header block; fatal for the whole HTTP/2 connection (COMPRESSION_ERROR). */
final class HpackException extends IOException {
  private static final long serialVersionUID = 1L;

  HpackException(String message) {
    super(message);
  }
}
