package io.sliagent.export.grpc;

import io.sliagent.export.transport.Deadline;
import io.sliagent.export.transport.Wire;
import io.sliagent.log.AgentLog;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Minimal client side of one HTTP/2 connection (RFC 9113) over an already connected socket.
 *
 * <p>A daemon reader thread owns the input side: it answers PING and SETTINGS, applies
 * WINDOW_UPDATE, replenishes our receive windows, handles RST_STREAM/GOAWAY and hands HEADERS and
 * DATA to the matching {@link Http2Stream}. Calling threads open streams, write HEADERS/DATA
 * (honouring the peer's MAX_FRAME_SIZE and both flow-control windows) and wait for the response.
 *
 * <p>Lock order: {@code writeLock} may be held while taking {@code lock}, never the reverse.
 */
final class Http2Connection {
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private static final int TYPE_DATA = 0x0;
  private static final int TYPE_HEADERS = 0x1;
  private static final int TYPE_PRIORITY = 0x2;
  private static final int TYPE_RST_STREAM = 0x3;
  private static final int TYPE_SETTINGS = 0x4;
  private static final int TYPE_PUSH_PROMISE = 0x5;
  private static final int TYPE_PING = 0x6;
  private static final int TYPE_GOAWAY = 0x7;
  private static final int TYPE_WINDOW_UPDATE = 0x8;
  private static final int TYPE_CONTINUATION = 0x9;

  private static final int FLAG_END_STREAM = 0x1;
  private static final int FLAG_ACK = 0x1;
  private static final int FLAG_END_HEADERS = 0x4;
  private static final int FLAG_PADDED = 0x8;
  private static final int FLAG_PRIORITY = 0x20;

  private static final int SETTINGS_ENABLE_PUSH = 0x2;
  private static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
  private static final int SETTINGS_MAX_FRAME_SIZE = 0x5;

  private static final int DEFAULT_WINDOW = 65535;
  private static final int DEFAULT_MAX_FRAME_SIZE = 16384;
  private static final int MAX_ALLOWED_FRAME_SIZE = 16777215;
  private static final long MAX_WINDOW = Integer.MAX_VALUE;
  /** Cap on a header block (across CONTINUATION frames) and on a decoded header list. */
  private static final int MAX_HEADER_BLOCK = 1 << 20;

  private final Wire wire;
  private final DataInputStream in;
  private final OutputStream out;
  /** host:port, used in log and error messages only. */
  private final String target;

  /** Serializes frame writes; also guards {@link #encoder}. */
  private final Object writeLock = new Object();

  private final Hpack.Encoder encoder = new Hpack.Encoder();
  /** Used by the reader thread only. */
  private final Hpack.Decoder decoder =
      new Hpack.Decoder(Hpack.DEFAULT_TABLE_SIZE, MAX_HEADER_BLOCK);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock:
  private final Map<Integer, Http2Stream> streams = new HashMap<>();
  private long connectionSendWindow = DEFAULT_WINDOW;
  private int peerInitialWindow = DEFAULT_WINDOW;
  private int peerMaxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  private int nextStreamId = 1;
  private boolean goAwayReceived;
  private IOException failure;

  // Reader thread only: a header block continued in CONTINUATION frames.
  private ByteArrayOutputStream pendingBlock;
  private int pendingStreamId;
  private boolean pendingEndStream;

  private Http2Connection(Wire wire, String target) throws IOException {
    this.wire = wire;
    this.target = target;
    this.in =
        new DataInputStream(new BufferedInputStream(wire.socket.getInputStream(), 32 * 1024));
    this.out =
        new BufferedOutputStream(wire.socket.getOutputStream(), DEFAULT_MAX_FRAME_SIZE + 9);
  }

  /**
   * Sends the client preface and our SETTINGS, then starts the reader thread. We do not wait for
   * the server's SETTINGS: the protocol allows sending requests right away, and any later change
   * (e.g. a smaller initial window) is applied retroactively.
   */
  static Http2Connection start(Wire wire, String target) throws IOException {
    Http2Connection connection;
    try {
      connection = new Http2Connection(wire, target);
      synchronized (connection.writeLock) {
        connection.out.write(PREFACE);
        // Disable server push; everything else keeps protocol defaults.
        byte[] settings = new byte[6];
        putShort(settings, 0, SETTINGS_ENABLE_PUSH);
        putInt(settings, 2, 0);
        connection.writeFrameUnflushed(TYPE_SETTINGS, 0, 0, settings, 0, settings.length);
        connection.out.flush();
      }
    } catch (IOException | RuntimeException e) {
      wire.close();
      throw e;
    }
    Thread reader = new Thread(connection::readLoop, "sli-agent-grpc-reader");
    reader.setDaemon(true);
    reader.start();
    return connection;
  }

  /** Whether a new stream may be started on this connection. */
  boolean isUsable() {
    lock.lock();
    try {
      return failure == null
          && !goAwayReceived
          && nextStreamId > 0
          && nextStreamId < Integer.MAX_VALUE - 2
          && !wire.isClosed();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Opens a stream by sending its HEADERS. The id is allocated under the write lock so that
   * stream ids go out in increasing order, as the protocol requires.
   */
  Http2Stream openStream(
      List<Map.Entry<String, String>> headers, int sensitiveFrom, long maxResponseBody)
      throws IOException {
    synchronized (writeLock) {
      Http2Stream stream;
      int frameSize;
      lock.lock();
      try {
        if (failure != null) {
          throw failure;
        }
        if (goAwayReceived || nextStreamId <= 0 || nextStreamId >= Integer.MAX_VALUE - 2) {
          throw new Http2Exception(
              "connection to " + target + " no longer accepts streams",
              Http2Exception.REFUSED_STREAM,
              true);
        }
        stream = new Http2Stream(nextStreamId, peerInitialWindow, maxResponseBody);
        nextStreamId += 2;
        streams.put(stream.id, stream);
        frameSize = peerMaxFrameSize;
      } finally {
        lock.unlock();
      }
      byte[] block = encoder.encode(headers, sensitiveFrom);
      try {
        int first = Math.min(block.length, frameSize);
        int flags = first == block.length ? FLAG_END_HEADERS : 0;
        writeFrameUnflushed(TYPE_HEADERS, flags, stream.id, block, 0, first);
        for (int off = first; off < block.length; ) {
          int n = Math.min(block.length - off, frameSize);
          int contFlags = off + n == block.length ? FLAG_END_HEADERS : 0;
          writeFrameUnflushed(TYPE_CONTINUATION, contFlags, stream.id, block, off, n);
          off += n;
        }
        out.flush();
      } catch (IOException e) {
        throw fail(e);
      }
      return stream;
    }
  }

  /**
   * Sends {@code len} bytes as DATA frames ending the stream, waiting for WINDOW_UPDATE whenever a
   * window is exhausted. Stops early (returning false) if the server already completed the
   * response, which gRPC servers do when they reject a call before reading it.
   */
  boolean writeData(Http2Stream stream, byte[] data, int off, int len, Deadline deadline)
      throws IOException {
    int sent = 0;
    do {
      int n;
      lock.lock();
      try {
        long window;
        while (true) {
          if (stream.error != null) {
            throw stream.error;
          }
          if (stream.remoteClosed) {
            return false;
          }
          if (failure != null) {
            throw failure;
          }
          window = Math.min(connectionSendWindow, stream.sendWindow);
          if (window > 0 || sent == len) {
            break;
          }
          awaitChange(deadline);
        }
        n = (int) Math.min(Math.min(len - sent, window), peerMaxFrameSize);
        connectionSendWindow -= n;
        stream.sendWindow -= n;
      } finally {
        lock.unlock();
      }
      boolean last = sent + n == len;
      writeFrame(TYPE_DATA, last ? FLAG_END_STREAM : 0, stream.id, data, off + sent, n);
      sent += n;
    } while (sent < len);
    lock.lock();
    try {
      stream.localClosed = true;
    } finally {
      lock.unlock();
    }
    return true;
  }

  /**
   * Waits until the server ended the stream; throws the stream's failure or on deadline. Failures
   * recorded by the reader thread are rethrown as the original object so that callers can inspect
   * its type (SocketException drives the retry decision) and {@link Http2Exception} flags.
   */
  void awaitResponse(Http2Stream stream, Deadline deadline) throws IOException {
    lock.lock();
    try {
      while (!stream.isDone()) {
        awaitChange(deadline);
      }
      if (!stream.remoteClosed) {
        throw stream.error;
      }
    } finally {
      lock.unlock();
    }
  }

  /** True once any frame arrived for the stream (the server has seen the request). */
  boolean responseStarted(Http2Stream stream) {
    lock.lock();
    try {
      return stream.receivedFrame;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets the stream. If neither side finished it cleanly, sends RST_STREAM(CANCEL) so the
   * server can free it (best effort; a broken connection is detected by the next call).
   */
  void release(Http2Stream stream) {
    boolean reset;
    lock.lock();
    try {
      streams.remove(stream.id);
      boolean finished = stream.localClosed && stream.remoteClosed;
      reset = failure == null && !stream.resetReceived && !finished;
      stream.localClosed = true;
    } finally {
      lock.unlock();
    }
    if (reset) {
      byte[] payload = new byte[4];
      putInt(payload, 0, Http2Exception.CANCEL);
      try {
        writeFrame(TYPE_RST_STREAM, 0, stream.id, payload, 0, 4);
      } catch (IOException e) {
        // The broken connection is noticed, and replaced, by the next call.
      }
    }
  }

  /** Graceful close: tell the server with GOAWAY, then close the socket. */
  void close() {
    boolean healthy;
    lock.lock();
    try {
      healthy = failure == null;
    } finally {
      lock.unlock();
    }
    if (healthy) {
      try {
        writeGoAway(Http2Exception.NO_ERROR);
      } catch (IOException e) {
        // Closing anyway.
      }
    }
    abort(new IOException("connection closed by client"));
  }

  /** Fails every stream with {@code cause} and closes the socket, without writing anything. */
  void abort(IOException cause) {
    fail(cause);
    closeSocket();
  }

  // ---------------------------------------------------------------------------------------------
  // Reader thread

  private void readLoop() {
    byte[] header = new byte[9];
    try {
      while (true) {
        if (!readFrameHeader(header)) {
          throw new EOFException("connection closed by server " + target);
        }
        int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        int type = header[3] & 0xff;
        int flags = header[4] & 0xff;
        int streamId = getInt(header, 5) & 0x7fffffff;
        if (length > DEFAULT_MAX_FRAME_SIZE) {
          // We never raise SETTINGS_MAX_FRAME_SIZE, so anything larger is a protocol violation.
          throw connectionError(Http2Exception.FRAME_SIZE_ERROR, "frame of " + length + " bytes");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (streamId != 0) {
          markReceived(streamId);
        }
        handleFrame(type, flags, streamId, payload);
      }
    } catch (Http2Exception e) {
      sendGoAwayIfHealthy(e.errorCode());
      fail(e);
    } catch (HpackException e) {
      sendGoAwayIfHealthy(Http2Exception.COMPRESSION_ERROR);
      fail(e);
    } catch (IOException e) {
      fail(e);
    } catch (RuntimeException e) {
      sendGoAwayIfHealthy(Http2Exception.INTERNAL_ERROR);
      fail(new IOException("HTTP/2 reader failed", e));
    } finally {
      closeSocket();
    }
  }

  /**
   * Notes that the server sent something for the stream, before the frame is parsed: if parsing
   * then fails, the call must not be replayed as "never reached the server".
   */
  private void markReceived(int streamId) {
    lock.lock();
    try {
      Http2Stream stream = streams.get(streamId);
      if (stream != null) {
        stream.receivedFrame = true;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Reads a frame header; false on a clean EOF exactly at a frame boundary. */
  private boolean readFrameHeader(byte[] header) throws IOException {
    int first = in.read();
    if (first < 0) {
      return false;
    }
    header[0] = (byte) first;
    in.readFully(header, 1, 8);
    return true;
  }

  private void handleFrame(int type, int flags, int streamId, byte[] payload) throws IOException {
    if (pendingBlock != null && type != TYPE_CONTINUATION) {
      throw connectionError(Http2Exception.PROTOCOL_ERROR, "expected CONTINUATION");
    }
    switch (type) {
      case TYPE_DATA:
        onData(flags, streamId, payload);
        break;
      case TYPE_HEADERS:
        onHeaders(flags, streamId, payload);
        break;
      case TYPE_PRIORITY:
        break;
      case TYPE_RST_STREAM:
        onRstStream(streamId, payload);
        break;
      case TYPE_SETTINGS:
        onSettings(flags, streamId, payload);
        break;
      case TYPE_PUSH_PROMISE:
        throw connectionError(Http2Exception.PROTOCOL_ERROR, "PUSH_PROMISE while push disabled");
      case TYPE_PING:
        onPing(flags, streamId, payload);
        break;
      case TYPE_GOAWAY:
        onGoAway(streamId, payload);
        break;
      case TYPE_WINDOW_UPDATE:
        onWindowUpdate(streamId, payload);
        break;
      case TYPE_CONTINUATION:
        onContinuation(flags, streamId, payload);
        break;
      default:
        break; // unknown frame types must be ignored
    }
  }

  private void onData(int flags, int streamId, byte[] payload) throws IOException {
    if (streamId == 0) {
      throw connectionError(Http2Exception.PROTOCOL_ERROR, "DATA on stream 0");
    }
    int off = 0;
    int len = payload.length;
    if ((flags & FLAG_PADDED) != 0) {
      int pad = len > 0 ? payload[0] & 0xff : 0;
      if (len == 0 || pad >= len) {
        throw connectionError(Http2Exception.PROTOCOL_ERROR, "bad DATA padding");
      }
      off = 1;
      len = len - 1 - pad;
    }
    boolean endStream = (flags & FLAG_END_STREAM) != 0;
    boolean streamOpen;
    lock.lock();
    try {
      Http2Stream stream = streams.get(streamId);
      streamOpen = stream != null && !endStream;
      if (stream != null) {
        stream.onData(payload, off, len);
        if (endStream) {
          stream.remoteClosed = true;
        }
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    // Hand the consumed credit straight back (padding included) so large responses never stall.
    if (payload.length > 0) {
      writeWindowUpdate(0, payload.length);
      if (streamOpen) {
        writeWindowUpdate(streamId, payload.length);
      }
    }
  }

  private void onHeaders(int flags, int streamId, byte[] payload) throws IOException {
    if (streamId == 0) {
      throw connectionError(Http2Exception.PROTOCOL_ERROR, "HEADERS on stream 0");
    }
    int off = 0;
    int end = payload.length;
    if ((flags & FLAG_PADDED) != 0) {
      if (end == 0) {
        throw connectionError(Http2Exception.PROTOCOL_ERROR, "bad HEADERS padding");
      }
      end -= payload[0] & 0xff;
      off = 1;
    }
    if ((flags & FLAG_PRIORITY) != 0) {
      off += 5;
    }
    if (off > end) {
      throw connectionError(Http2Exception.PROTOCOL_ERROR, "bad HEADERS padding");
    }
    boolean endStream = (flags & FLAG_END_STREAM) != 0;
    if ((flags & FLAG_END_HEADERS) != 0) {
      deliverHeaders(streamId, payload, off, end - off, endStream);
    } else {
      pendingBlock = new ByteArrayOutputStream();
      pendingBlock.write(payload, off, end - off);
      pendingStreamId = streamId;
      pendingEndStream = endStream;
    }
  }

  private void onContinuation(int flags, int streamId, byte[] payload) throws IOException {
    if (pendingBlock == null || streamId != pendingStreamId) {
      throw connectionError(Http2Exception.PROTOCOL_ERROR, "unexpected CONTINUATION");
    }
    if (pendingBlock.size() + payload.length > MAX_HEADER_BLOCK) {
      throw connectionError(Http2Exception.PROTOCOL_ERROR, "header block too large");
    }
    pendingBlock.write(payload, 0, payload.length);
    if ((flags & FLAG_END_HEADERS) != 0) {
      byte[] block = pendingBlock.toByteArray();
      pendingBlock = null;
      deliverHeaders(streamId, block, 0, block.length, pendingEndStream);
    }
  }

  private void deliverHeaders(int streamId, byte[] block, int off, int len, boolean endStream)
      throws HpackException {
    // Decode even for unknown streams: skipping a block would desynchronize the HPACK state.
    List<Map.Entry<String, String>> headers = decoder.decode(block, off, len);
    lock.lock();
    try {
      Http2Stream stream = streams.get(streamId);
      if (stream != null) {
        stream.onHeaders(headers, endStream);
        if (endStream) {
          stream.remoteClosed = true;
        }
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private void onRstStream(int streamId, byte[] payload) throws IOException {
    if (streamId == 0) {
      throw connectionError(Http2Exception.PROTOCOL_ERROR, "RST_STREAM on stream 0");
    }
    if (payload.length != 4) {
      throw connectionError(Http2Exception.FRAME_SIZE_ERROR, "RST_STREAM length");
    }
    int code = getInt(payload, 0);
    lock.lock();
    try {
      Http2Stream stream = streams.get(streamId);
      if (stream != null) {
        stream.resetReceived = true;
        stream.fail(
            new Http2Exception(
                "stream reset by server " + target,
                code,
                code == Http2Exception.REFUSED_STREAM));
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private void onSettings(int flags, int streamId, byte[] payload) throws IOException {
    if (streamId != 0) {
      throw connectionError(Http2Exception.PROTOCOL_ERROR, "SETTINGS on a stream");
    }
    if ((flags & FLAG_ACK) != 0) {
      if (payload.length != 0) {
        throw connectionError(Http2Exception.FRAME_SIZE_ERROR, "SETTINGS ACK with payload");
      }
      return;
    }
    if (payload.length % 6 != 0) {
      throw connectionError(Http2Exception.FRAME_SIZE_ERROR, "SETTINGS length");
    }
    lock.lock();
    try {
      for (int i = 0; i < payload.length; i += 6) {
        int id = ((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff);
        long value = getInt(payload, i + 2) & 0xffffffffL;
        if (id == SETTINGS_INITIAL_WINDOW_SIZE) {
          if (value > MAX_WINDOW) {
            throw connectionError(Http2Exception.FLOW_CONTROL_ERROR, "initial window too large");
          }
          // Applies retroactively to open streams (RFC 9113 section 6.9.2).
          long delta = value - peerInitialWindow;
          for (Http2Stream stream : streams.values()) {
            stream.sendWindow += delta;
          }
          peerInitialWindow = (int) value;
        } else if (id == SETTINGS_MAX_FRAME_SIZE) {
          if (value < DEFAULT_MAX_FRAME_SIZE || value > MAX_ALLOWED_FRAME_SIZE) {
            throw connectionError(Http2Exception.PROTOCOL_ERROR, "invalid max frame size");
          }
          peerMaxFrameSize = (int) value;
        } else if (id == SETTINGS_ENABLE_PUSH && value > 1) {
          throw connectionError(Http2Exception.PROTOCOL_ERROR, "invalid enable push");
        }
        // HEADER_TABLE_SIZE needs nothing: our encoder never uses the dynamic table.
        // MAX_CONCURRENT_STREAMS and MAX_HEADER_LIST_SIZE are irrelevant for one stream at a time.
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    writeFrame(TYPE_SETTINGS, FLAG_ACK, 0, new byte[0], 0, 0);
  }

  private void onPing(int flags, int streamId, byte[] payload) throws IOException {
    if (streamId != 0) {
      throw connectionError(Http2Exception.PROTOCOL_ERROR, "PING on a stream");
    }
    if (payload.length != 8) {
      throw connectionError(Http2Exception.FRAME_SIZE_ERROR, "PING length");
    }
    if ((flags & FLAG_ACK) == 0) {
      writeFrame(TYPE_PING, FLAG_ACK, 0, payload, 0, 8);
    }
  }

  private void onGoAway(int streamId, byte[] payload) throws IOException {
    if (streamId != 0) {
      throw connectionError(Http2Exception.PROTOCOL_ERROR, "GOAWAY on a stream");
    }
    if (payload.length < 8) {
      throw connectionError(Http2Exception.FRAME_SIZE_ERROR, "GOAWAY length");
    }
    int lastStreamId = getInt(payload, 0) & 0x7fffffff;
    int code = getInt(payload, 4);
    String debug =
        new String(payload, 8, Math.min(payload.length - 8, 128), StandardCharsets.US_ASCII);
    AgentLog.debug(
        "gRPC: GOAWAY from " + target + ": " + Http2Exception.errorName(code) + " " + debug);
    lock.lock();
    try {
      goAwayReceived = true;
      // Streams above lastStreamId were never processed and may be replayed elsewhere; the
      // others may still complete, or fail when the server closes the connection.
      for (Iterator<Http2Stream> it = streams.values().iterator(); it.hasNext(); ) {
        Http2Stream stream = it.next();
        if (stream.id > lastStreamId) {
          it.remove();
          stream.fail(
              new Http2Exception(
                  "server " + target + " sent GOAWAY before processing the call"
                      + (debug.isEmpty() ? "" : ": " + debug),
                  code,
                  true));
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void onWindowUpdate(int streamId, byte[] payload) throws IOException {
    if (payload.length != 4) {
      throw connectionError(Http2Exception.FRAME_SIZE_ERROR, "WINDOW_UPDATE length");
    }
    int increment = getInt(payload, 0) & 0x7fffffff;
    Http2Stream resetStream = null;
    int resetCode = 0;
    lock.lock();
    try {
      if (streamId == 0) {
        if (increment == 0) {
          throw connectionError(Http2Exception.PROTOCOL_ERROR, "zero WINDOW_UPDATE");
        }
        connectionSendWindow += increment;
        if (connectionSendWindow > MAX_WINDOW) {
          throw connectionError(Http2Exception.FLOW_CONTROL_ERROR, "connection window overflow");
        }
      } else {
        Http2Stream stream = streams.get(streamId);
        if (stream != null) {
          stream.sendWindow += increment;
          if (increment == 0 || stream.sendWindow > MAX_WINDOW) {
            resetCode =
                increment == 0
                    ? Http2Exception.PROTOCOL_ERROR
                    : Http2Exception.FLOW_CONTROL_ERROR;
            stream.fail(new Http2Exception("bad WINDOW_UPDATE from " + target, resetCode, false));
            resetStream = stream;
          }
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (resetStream != null) {
      byte[] rst = new byte[4];
      putInt(rst, 0, resetCode);
      writeFrame(TYPE_RST_STREAM, 0, resetStream.id, rst, 0, 4);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** Waits for a state change; the caller holds {@link #lock}. */
  private void awaitChange(Deadline deadline) throws IOException {
    long remaining = deadline.remainingNanos();
    if (remaining <= 0) {
      throw new SocketTimeoutException("deadline exceeded waiting for " + target);
    }
    try {
      changed.awaitNanos(remaining);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + target);
    }
  }

  /** Records the first failure, fails all streams with it and returns it. */
  private IOException fail(IOException cause) {
    lock.lock();
    try {
      if (failure == null) {
        failure = cause;
        AgentLog.debug("gRPC: connection to " + target + " ended: " + cause);
      }
      for (Http2Stream stream : new ArrayList<>(streams.values())) {
        stream.fail(failure);
      }
      changed.signalAll();
      return failure;
    } finally {
      lock.unlock();
    }
  }

  private void sendGoAwayIfHealthy(int code) {
    boolean healthy;
    lock.lock();
    try {
      healthy = failure == null;
    } finally {
      lock.unlock();
    }
    if (healthy) {
      try {
        writeGoAway(code);
      } catch (IOException e) {
        // The connection is being torn down anyway.
      }
    }
  }

  private void writeGoAway(int code) throws IOException {
    byte[] payload = new byte[8];
    putInt(payload, 0, 0); // we never accept server-initiated streams
    putInt(payload, 4, code);
    writeFrame(TYPE_GOAWAY, 0, 0, payload, 0, payload.length);
  }

  private void writeWindowUpdate(int streamId, int increment) throws IOException {
    byte[] payload = new byte[4];
    putInt(payload, 0, increment);
    writeFrame(TYPE_WINDOW_UPDATE, 0, streamId, payload, 0, 4);
  }

  private void writeFrame(int type, int flags, int streamId, byte[] buf, int off, int len)
      throws IOException {
    synchronized (writeLock) {
      try {
        writeFrameUnflushed(type, flags, streamId, buf, off, len);
        out.flush();
      } catch (IOException e) {
        // If the connection was aborted first (timeout, shutdown), that is the real cause.
        throw fail(e);
      }
    }
  }

  private void writeFrameUnflushed(int type, int flags, int streamId, byte[] buf, int off, int len)
      throws IOException {
    out.write(len >>> 16);
    out.write(len >>> 8);
    out.write(len);
    out.write(type);
    out.write(flags);
    out.write(streamId >>> 24);
    out.write(streamId >>> 16);
    out.write(streamId >>> 8);
    out.write(streamId);
    out.write(buf, off, len);
  }

  private void closeSocket() {
    wire.close();
  }

  private static Http2Exception connectionError(int code, String message) {
    return new Http2Exception("HTTP/2 protocol error: " + message, code, false);
  }

  private static int getInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24)
        | ((b[off + 1] & 0xff) << 16)
        | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static void putShort(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }
}
