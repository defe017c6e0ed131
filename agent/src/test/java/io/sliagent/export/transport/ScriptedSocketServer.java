package io.sliagent.export.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A server socket on 127.0.0.1 that serves each connection it accepts on a daemon thread of its
 * own. What serving a connection throws while its socket is still open is kept for {@link
 * #assertNoErrors}; after the socket is closed (by the script or by {@link #close}) it is expected.
 * The accepting half of the scripted HTTP/1.1 and HTTP/2 peers.
 */
public abstract class ScriptedSocketServer implements AutoCloseable {
  /** Connections accepted so far. */
  public final AtomicInteger connections = new AtomicInteger();

  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final ServerSocket serverSocket;

  /** With {@code tls} non-null, a TLS server socket with that context's key. */
  protected ScriptedSocketServer(SSLContext tls) throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    serverSocket =
        tls == null
            ? new ServerSocket(0, 10, loopback)
            : tls.getServerSocketFactory().createServerSocket(0, 10, loopback);
  }

  /** Serves connection number {@code index} (from 0) until the script is done with it. */
  protected abstract void serve(Socket socket, int index) throws Exception;

  /** Starts accepting; a subclass calls it last in its constructor. Threads are named after it. */
  protected final void start(String threadName) {
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  Socket socket = serverSocket.accept();
                  sockets.add(socket);
                  int index = connections.getAndIncrement();
                  Thread handler = new Thread(() -> run(socket, index), threadName + "-" + index);
                  handler.setDaemon(true);
                  handler.start();
                }
              } catch (IOException e) {
                // closed
              }
            },
            threadName + "-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void run(Socket socket, int index) {
    try {
      serve(socket, index);
    } catch (Throwable t) {
      if (!socket.isClosed()) {
        errors.add(t);
      }
    }
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  public void assertNoErrors() {
    if (!errors.isEmpty()) {
      AssertionError e = new AssertionError("scripted server failed");
      errors.forEach(e::addSuppressed);
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
