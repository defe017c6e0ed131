package io.sliagent.export.grpc;

import io.sliagent.export.transport.ScriptedSocketServer;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A raw HTTP/2 peer driven by a per-connection script, for protocol situations a real gRPC server
 * will not produce on demand (PING, RST_STREAM REFUSED_STREAM, GOAWAY, tight flow control).
 */
final class ScriptedHttp2Server extends ScriptedSocketServer {
  static final int DATA = 0;
  static final int HEADERS = 1;
  static final int RST_STREAM = 3;
  static final int SETTINGS = 4;
  static final int PING = 6;
  static final int GOAWAY = 7;
  static final int WINDOW_UPDATE = 8;

  interface Script {
    void run(Peer peer, int connectionIndex) throws Exception;
  }

  private final Script script;

  ScriptedHttp2Server(Script script) throws IOException {
    super(null); // plain TCP
    this.script = script;
    start("scripted-http2");
  }

  @Override
  protected void serve(Socket socket, int index) throws Exception {
    script.run(new Peer(socket), index);
  }

  static final class Frame {
    final int type;
    final int flags;
    final int stream;
    final byte[] payload;

    Frame(int type, int flags, int stream, byte[] payload) {
      this.type = type;
      this.flags = flags;
      this.stream = stream;
      this.payload = payload;
    }

    boolean endStream() {
      return (flags & 0x1) != 0;
    }
  }

  static final class Peer {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Hpack.Decoder decoder = new Hpack.Decoder(4096, 1 << 20);
    private final Hpack.Encoder encoder = new Hpack.Encoder();

    Peer(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      this.out = socket.getOutputStream();
    }

    /** Reads the client preface and its SETTINGS, sends ours (plus extra pairs) and an ack. */
    void handshake(int... settings) throws IOException {
      byte[] preface = new byte[24];
      in.readFully(preface);
      if (!new String(preface, StandardCharsets.US_ASCII).startsWith("PRI * HTTP/2.0")) {
        throw new IOException("bad preface");
      }
      Frame clientSettings = read();
      if (clientSettings.type != SETTINGS) {
        throw new IOException("expected SETTINGS, got " + clientSettings.type);
      }
      byte[] payload = new byte[settings.length * 3];
      for (int i = 0; i < settings.length; i += 2) {
        int o = i * 3;
        payload[o] = (byte) (settings[i] >>> 8);
        payload[o + 1] = (byte) settings[i];
        putInt(payload, o + 2, settings[i + 1]);
      }
      write(SETTINGS, 0, 0, payload);
      write(SETTINGS, 1, 0, new byte[0]);
    }

    Frame read() throws IOException {
      byte[] h = new byte[9];
      in.readFully(h);
      int len = ((h[0] & 0xff) << 16) | ((h[1] & 0xff) << 8) | (h[2] & 0xff);
      byte[] payload = new byte[len];
      in.readFully(payload);
      return new Frame(h[3] & 0xff, h[4] & 0xff, getInt(h, 5) & 0x7fffffff, payload);
    }

    /** Reads frames until one of {@code type} arrives, skipping SETTINGS acks and the like. */
    Frame await(int type) throws IOException {
      while (true) {
        Frame f = read();
        if (f.type == type) {
          return f;
        }
        if (f.type != SETTINGS && f.type != WINDOW_UPDATE && f.type != PING) {
          throw new IOException("unexpected frame type " + f.type + " waiting for " + type);
        }
      }
    }

    List<Map.Entry<String, String>> decodeHeaders(Frame f) throws IOException {
      return decoder.decode(f.payload);
    }

    /** Reads the request HEADERS and all its DATA; returns the request body. */
    byte[] readRequest(Frame headers) throws IOException {
      decodeHeaders(headers);
      byte[] all = new byte[0];
      while (true) {
        Frame f = await(DATA);
        byte[] merged = Arrays.copyOf(all, all.length + f.payload.length);
        System.arraycopy(f.payload, 0, merged, all.length, f.payload.length);
        all = merged;
        if (f.endStream()) {
          return all;
        }
      }
    }

    void write(int type, int flags, int stream, byte[] payload) throws IOException {
      byte[] h = new byte[9];
      h[0] = (byte) (payload.length >>> 16);
      h[1] = (byte) (payload.length >>> 8);
      h[2] = (byte) payload.length;
      h[3] = (byte) type;
      h[4] = (byte) flags;
      putInt(h, 5, stream);
      synchronized (this) {
        out.write(h);
        out.write(payload);
        out.flush();
      }
    }

    void writeHeaders(int stream, boolean endStream, String... kv) throws IOException {
      List<Map.Entry<String, String>> list = new ArrayList<>();
      for (int i = 0; i < kv.length; i += 2) {
        list.add(Hpack.header(kv[i], kv[i + 1]));
      }
      write(HEADERS, 0x4 | (endStream ? 0x1 : 0), stream, encoder.encode(list, Integer.MAX_VALUE));
    }

    /** A complete OK response with an empty message. */
    void respondOk(int stream) throws IOException {
      writeHeaders(stream, false, ":status", "200", "content-type", "application/grpc");
      write(DATA, 0, stream, new byte[5]);
      writeHeaders(stream, true, "grpc-status", "0");
    }

    void writeInt(int type, int stream, int value) throws IOException {
      byte[] p = new byte[4];
      putInt(p, 0, value);
      write(type, 0, stream, p);
    }

    void goAway(int lastStreamId, int code) throws IOException {
      byte[] p = new byte[8];
      putInt(p, 0, lastStreamId);
      putInt(p, 4, code);
      write(GOAWAY, 0, 0, p);
    }
  }

  static int getInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24)
        | ((b[off + 1] & 0xff) << 16)
        | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
