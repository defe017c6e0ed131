package io.sliagent.export.grpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * State of one client-initiated HTTP/2 stream. All fields are guarded by the owning {@link
 * Http2Connection}'s lock; the reader thread fills them in, the calling thread waits on them.
 */
final class Http2Stream {
  final int id;

  /** Bytes we may still send before the server grants more via WINDOW_UPDATE (may go negative). */
  long sendWindow;

  /** Response headers (first non-informational HEADERS frame). */
  List<Map.Entry<String, String>> headers;

  /** Trailers (second HEADERS frame), absent for trailers-only responses. */
  List<Map.Entry<String, String>> trailers;

  /** Response DATA, capped at {@link #maxBody}; beyond that only {@link #bodyOverflow} is set. */
  final ByteArrayOutputStream body = new ByteArrayOutputStream();

  final long maxBody;
  boolean bodyOverflow;

  /** The server ended its side of the stream (END_STREAM seen). */
  boolean remoteClosed;

  /** We sent END_STREAM or RST_STREAM. */
  boolean localClosed;

  /** The server sent RST_STREAM for this stream. */
  boolean resetReceived;

  /** Set when the stream failed before the response was complete. */
  IOException error;

  /** True once any frame for this stream arrived; used to judge whether a replay is safe. */
  boolean receivedFrame;

  Http2Stream(int id, long sendWindow, long maxBody) {
    this.id = id;
    this.sendWindow = sendWindow;
    this.maxBody = maxBody;
  }

  boolean isDone() {
    return remoteClosed || error != null;
  }

  void onData(byte[] buf, int off, int len) {
    receivedFrame = true;
    if (bodyOverflow) {
      return;
    }
    if (body.size() + (long) len > maxBody) {
      bodyOverflow = true;
      return;
    }
    body.write(buf, off, len);
  }

  void onHeaders(List<Map.Entry<String, String>> block, boolean endStream) {
    receivedFrame = true;
    if (headers == null) {
      String status = value(block, ":status");
      if (status != null && status.startsWith("1") && !endStream) {
        return; // informational (1xx) response; the real headers follow
      }
      headers = block;
    } else {
      trailers = block;
    }
  }

  void fail(IOException e) {
    if (error == null && !remoteClosed) {
      error = e;
    }
  }

  static String value(List<Map.Entry<String, String>> block, String name) {
    if (block == null) {
      return null;
    }
    for (Map.Entry<String, String> h : block) {
      if (h.getKey().equals(name)) {
        return h.getValue();
      }
    }
    return null;
  }
}
