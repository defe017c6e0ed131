package io.sliagent.export.grpc;

import java.io.IOException;

/**
 * An HTTP/2 level failure (RST_STREAM, GOAWAY, protocol violation). {@link #isUnprocessed()} is
 * true when the server guarantees it did not process the request (REFUSED_STREAM, or GOAWAY with a
 * last-stream-id below ours), so it can be replayed on a new connection without duplicating data.
 */
final class Http2Exception extends IOException {
  private static final long serialVersionUID = 1L;

  static final int NO_ERROR = 0x0;
  static final int PROTOCOL_ERROR = 0x1;
  static final int INTERNAL_ERROR = 0x2;
  static final int FLOW_CONTROL_ERROR = 0x3;
  static final int FRAME_SIZE_ERROR = 0x6;
  static final int REFUSED_STREAM = 0x7;
  static final int CANCEL = 0x8;
  static final int COMPRESSION_ERROR = 0x9;

  private static final String[] NAMES = {
    "NO_ERROR",
    "PROTOCOL_ERROR",
    "INTERNAL_ERROR",
    "FLOW_CONTROL_ERROR",
    "SETTINGS_TIMEOUT",
    "STREAM_CLOSED",
    "FRAME_SIZE_ERROR",
    "REFUSED_STREAM",
    "CANCEL",
    "COMPRESSION_ERROR",
    "CONNECT_ERROR",
    "ENHANCE_YOUR_CALM",
    "INADEQUATE_SECURITY",
    "HTTP_1_1_REQUIRED"
  };

  private final int errorCode;
  private final boolean unprocessed;

  Http2Exception(String message, int errorCode, boolean unprocessed) {
    super(message + " (" + errorName(errorCode) + ")");
    this.errorCode = errorCode;
    this.unprocessed = unprocessed;
  }

  int errorCode() {
    return errorCode;
  }

  boolean isUnprocessed() {
    return unprocessed;
  }

  static String errorName(int code) {
    return code >= 0 && code < NAMES.length ? NAMES[code] : "0x" + Integer.toHexString(code);
  }
}
