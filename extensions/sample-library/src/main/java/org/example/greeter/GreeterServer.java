package org.example.greeter;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A line-based greeting server on 127.0.0.1, a thread per connection. {@code HELLO name} is
 * answered {@code OK Hello, name!}; a name starting with {@code fail} gets {@code ERR reason}; a
 * name {@code slowN} is answered after N milliseconds.
 */
public final class GreeterServer implements Closeable {

  private final ServerSocket socket;

  /** Listens on {@code port}; 0 picks a free one ({@link #port()}). */
  public GreeterServer(int port) throws IOException {
    socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    daemon(this::accept, "greeter-server");
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        daemon(() -> serve(connection), "greeter-connection");
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void serve(Socket connection) {
    try (connection;
        BufferedReader in = new BufferedReader(
            new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
        Writer out = new OutputStreamWriter(connection.getOutputStream(), StandardCharsets.UTF_8)) {
      connection.setTcpNoDelay(true);
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(answer(line) + "\n");
        out.flush();
      }
    } catch (IOException | InterruptedException gone) {
      // the client went away, or the server is closing
    }
  }

  static String answer(String request) throws InterruptedException {
    if (!request.startsWith("HELLO ")) {
      return "ERR bad request";
    }
    String name = request.substring("HELLO ".length());
    if (name.startsWith("fail")) {
      return "ERR no greeting for " + name;
    }
    if (name.matches("slow\\d{1,6}")) {
      Thread.sleep(Long.parseLong(name.substring("slow".length())));
    }
    return "OK Hello, " + name + "!";
  }

  private static void daemon(Runnable work, String name) {
    Thread t = new Thread(work, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
