package org.example.greeter;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One persistent connection to a {@link GreeterServer}; calls on it are serialized. */
public final class GreeterClient implements Closeable {

  private final String host;
  private final int port;
  private final Socket socket;
  private final BufferedReader in;
  private final Writer out;

  public GreeterClient(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    this.in = new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /**
   * Asks the server to greet {@code name}.
   *
   * @return the greeting, e.g. {@code Hello, ada!}
   * @throws GreeterException when the server answers with an error
   */
  public synchronized String greet(String name) throws IOException {
    if (name.isEmpty() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a name is one non-empty line");
    }
    out.write("HELLO " + name + "\n");
    out.flush();
    String reply = in.readLine();
    if (reply == null) {
      throw new EOFException("connection to " + host + ":" + port + " closed");
    }
    if (reply.startsWith("OK ")) {
      return reply.substring(3);
    }
    if (reply.startsWith("ERR ")) {
      throw new GreeterException(reply.substring(4));
    }
    throw new IOException("unexpected reply: " + reply);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
