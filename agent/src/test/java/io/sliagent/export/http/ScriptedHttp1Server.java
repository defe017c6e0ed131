package io.sliagent.export.http;

import io.sliagent.export.transport.ScriptedSocketServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A raw HTTP/1.1 peer that writes exact bytes, driven by a per-connection script, for responses a
 * real server will not produce on demand: interim 1xx responses, a body framed by the close,
 * chunk extensions and trailers, a malformed status line, an idle connection closed by the server
 * (over TLS too).
 */
final class ScriptedHttp1Server extends ScriptedSocketServer {
  interface Script {
    void run(Peer peer, int connectionIndex) throws Exception;
  }

  /** What a script does on one connection, whichever it is. */
  interface Step {
    void run(Peer peer) throws Exception;
  }

  /** Connection 0 runs {@code first}; later ones answer each request 200 with {@code body}. */
  static Script firstConnectionThenRespondingWith(Step first, String body) {
    return (peer, connection) -> {
      if (connection == 0) {
        first.run(peer);
      } else {
        peer.respondToEach(body);
      }
    };
  }

  /** Every request read completely (head and Content-Length body), on whatever connection. */
  final List<Request> requests = new CopyOnWriteArrayList<>();

  private final String scheme;
  private final Script script;

  ScriptedHttp1Server(Script script) throws IOException {
    this(null, script);
  }

  /** With {@code tls} non-null, a TLS server with that context's key. */
  ScriptedHttp1Server(SSLContext tls, Script script) throws IOException {
    super(tls);
    this.scheme = tls == null ? "http" : "https";
    this.script = script;
    start("scripted-http1");
  }

  @Override
  protected void serve(Socket socket, int index) throws Exception {
    script.run(new Peer(socket, index), index);
  }

  String endpoint(String pathAndQuery) {
    return scheme + "://127.0.0.1:" + port() + pathAndQuery;
  }

  /** A request as it arrived: request line, fields (names lower-cased), body. */
  static final class Request {
    final int connection;
    final String requestLine;
    final Map<String, String> headers;
    final byte[] body;

    Request(int connection, String requestLine, Map<String, String> headers, byte[] body) {
      this.connection = connection;
      this.requestLine = requestLine;
      this.headers = headers;
      this.body = body;
    }
  }

  final class Peer {
    final Socket socket;
    private final int connection;
    private final InputStream in;
    private final OutputStream out;

    Peer(Socket socket, int connection) throws IOException {
      this.socket = socket;
      this.connection = connection;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    /** Reads one request with its Content-Length body; null if the client closed instead. */
    Request readRequest() throws IOException {
      String requestLine = readLine(true);
      if (requestLine == null) {
        return null;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      String length = headers.get("content-length");
      byte[] body = new byte[length == null ? 0 : Integer.parseInt(length)];
      for (int read = 0; read < body.length; ) {
        int n = in.read(body, read, body.length - read);
        if (n < 0) {
          throw new EOFException("client closed in the middle of a request body");
        }
        read += n;
      }
      Request request = new Request(connection, requestLine, headers, body);
      requests.add(request);
      return request;
    }

    /** Writes {@code text} as ISO-8859-1 bytes, exactly as given. */
    void write(String text) throws IOException {
      write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** A complete keep-alive response with a Content-Length body. */
    void respond(int status, String body) throws IOException {
      write("HTTP/1.1 " + status + " Whatever\r\nContent-Length: " + body.length() + "\r\n\r\n"
          + body);
    }

    /** Until the client closes: reads each request and answers it 200 with {@code body}. */
    void respondToEach(String body) throws IOException {
      while (readRequest() != null) {
        respond(200, body);
      }
    }

    /** Until the client closes: reads each request and writes {@code rawResponse} for it. */
    void writeToEach(String rawResponse) throws IOException {
      while (readRequest() != null) {
        write(rawResponse);
      }
    }

    /** Reads until the client closes; returns how many bytes came before the close. */
    int bytesUntilClientCloses() throws IOException {
      int count = 0;
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) >= 0; ) {
        count += n;
      }
      return count;
    }

    void close() throws IOException {
      socket.close();
    }

    private String readLine(boolean eofAllowed) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (eofAllowed && line.size() == 0) {
            return null;
          }
          throw new EOFException("client closed in the middle of a request head");
        }
        if (b == '\n') {
          String s = line.toString(StandardCharsets.ISO_8859_1);
          return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
        line.write(b);
      }
    }
  }
}
