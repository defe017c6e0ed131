package io.sliagent.export.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Opens an exporter's connection: plain TCP for {@code http}; for {@code https}, TLS with hostname
 * verification and, when a protocol is required (HTTP/2's "h2"), ALPN that must select it.
 */
public final class SocketConnector {
  private final Target endpoint;
  /** The ALPN protocol the server must select, or null to negotiate none (HTTP/1.1). */
  private final String alpn;
  private final long connectTimeoutNanos;
  private final SSLContext configuredContext;
  private final X509TrustManager trustManager;
  private final String[] enabledProtocols;
  private SSLSocketFactory sslSocketFactory; // resolved lazily so construction never fails

  public SocketConnector(
      Target endpoint,
      String alpn,
      Duration connectTimeout,
      SSLContext sslContext,
      X509TrustManager trustManager,
      List<String> enabledProtocols) {
    this.endpoint = endpoint;
    this.alpn = alpn;
    // No connect timeout configured: bounded by the call's deadline alone.
    this.connectTimeoutNanos = connectTimeout == null ? 0 : Deadline.saturatedNanos(connectTimeout);
    this.configuredContext = sslContext;
    this.trustManager = trustManager;
    this.enabledProtocols =
        enabledProtocols == null || enabledProtocols.isEmpty()
            ? null
            : enabledProtocols.toArray(new String[0]);
  }

  /** Connects to the first reachable address of the host, within connect timeout and deadline. */
  public Wire connect(Deadline deadline) throws IOException {
    InetAddress[] addresses = InetAddress.getAllByName(endpoint.host);
    IOException failure = null;
    for (InetAddress address : addresses) {
      if (deadline.isExpired()) {
        break;
      }
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        socket.connect(
            new InetSocketAddress(address, endpoint.port),
            deadline.socketTimeoutMillis(connectTimeoutNanos));
      } catch (IOException e) {
        Wire.closeQuietly(socket);
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
        continue;
      }
      if (!endpoint.tls) {
        return new Wire(socket, socket);
      }
      try {
        return new Wire(handshake(socket, deadline), socket);
      } catch (IOException | RuntimeException e) {
        // A TLS failure would repeat on every address of the same host: do not try the others.
        Wire.closeQuietly(socket);
        throw e;
      }
    }
    if (failure == null) {
      failure = new SocketTimeoutException("deadline exceeded before connecting to " + endpoint);
    }
    throw failure;
  }

  private Socket handshake(Socket tcp, Deadline deadline) throws IOException {
    SSLSocket ssl =
        (SSLSocket) sslSocketFactory().createSocket(tcp, endpoint.host, endpoint.port, true);
    SSLParameters params = ssl.getSSLParameters();
    if (alpn != null) {
      params.setApplicationProtocols(new String[] {alpn});
    }
    // SSLSocket does not verify the host name unless asked to.
    params.setEndpointIdentificationAlgorithm("HTTPS");
    if (enabledProtocols != null) {
      params.setProtocols(enabledProtocols);
    }
    ssl.setSSLParameters(params);
    // The handshake reads from the server: bound it like connecting.
    ssl.setSoTimeout(deadline.socketTimeoutMillis(connectTimeoutNanos));
    ssl.startHandshake();
    String protocol = ssl.getApplicationProtocol();
    if (alpn != null && !alpn.equals(protocol)) {
      throw new SSLHandshakeException(
          "server " + endpoint + " did not negotiate " + alpn + " via ALPN (got '" + protocol
              + "')");
    }
    // Reads are bounded by the call deadline from here on, not by the socket.
    ssl.setSoTimeout(0);
    return ssl;
  }

  private synchronized SSLSocketFactory sslSocketFactory() throws IOException {
    if (sslSocketFactory == null) {
      try {
        SSLContext context = configuredContext;
        if (context == null && trustManager != null) {
          context = SSLContext.getInstance("TLS");
          context.init(null, new TrustManager[] {trustManager}, null);
        } else if (context == null) {
          context = SSLContext.getDefault();
        }
        sslSocketFactory = context.getSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot initialize TLS", e);
      }
    }
    return sslSocketFactory;
  }
}
