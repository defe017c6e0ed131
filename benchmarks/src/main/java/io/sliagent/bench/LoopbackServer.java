package io.sliagent.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP server of {@code HttpClientLoopback}: keep-alive HTTP/1.1 on loopback answering every
 * request {@code 200 ok}, one thread per connection, no parsing beyond the headers. Plain sockets
 * rather than the JDK's HttpServer: less work and less jitter on the server side, whose time is
 * in every measured call.
 */
final class LoopbackServer implements AutoCloseable {

  private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
      + "Content-Length: 2\r\n\r\nok").getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final AtomicLong requests = new AtomicLong();

  LoopbackServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("loopback-accept", this::accept).start();
  }

  int port() {
    return server.getLocalPort();
  }

  long requests() {
    return requests.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        daemon("loopback-conn", () -> serve(s)).start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        long length = readHeaders(in);
        if (length < 0) {
          return; // the client closed the connection
        }
        in.skipNBytes(length);
        requests.incrementAndGet();
        out.write(RESPONSE);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away mid-request: nothing to answer
    }
  }

  /** Reads a request head; returns its Content-Length (0 if none), or -1 at end of stream. */
  private static long readHeaders(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    long length = 0;
    boolean first = true;
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
          line.setLength(n - 1);
        }
        if (line.length() == 0) {
          if (first) {
            continue; // stray blank line between requests
          }
          return length;
        }
        String header = line.toString().toLowerCase(Locale.ROOT);
        if (header.startsWith("content-length:")) {
          length = Long.parseLong(header.substring(15).trim());
        }
        first = false;
        line.setLength(0);
      } else {
        line.append((char) c);
      }
    }
    return -1;
  }

  private static Thread daemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
