package io.sliagent.export.transport;

import java.io.IOException;
import java.net.Socket;

/** The socket an exporter talks on and, under TLS, the TCP socket beneath it. */
public final class Wire {
  /** What to read and write: the TCP socket itself, or the TLS socket layered on it. */
  public final Socket socket;

  private final Socket tcp;

  Wire(Socket socket, Socket tcp) {
    this.socket = socket;
    this.tcp = tcp;
  }

  /**
   * Closes at once, from any thread, even while another thread is blocked writing. TCP goes
   * first: closing a TLS socket sends close_notify under the lock that a blocked writer holds, so
   * it would wait for that writer for as long as the peer does not read.
   */
  public void close() {
    closeQuietly(tcp);
    if (socket != tcp) {
      closeQuietly(socket);
    }
  }

  public boolean isClosed() {
    return tcp.isClosed() || socket.isClosed();
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
