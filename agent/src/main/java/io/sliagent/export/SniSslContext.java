package io.sliagent.export;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context whose client sockets always name the collector in SNI. The JDK sends SNI only for
 * a host name with a dot in it, so a collector reached as {@code otel-collector} (a Kubernetes
 * service, a Compose service) or {@code localhost} behind an SNI-routing proxy or ingress would
 * get no name and answer with the wrong certificate or none.
 */
final class SniSslContext extends SSLContext {

  SniSslContext(SSLContext delegate) {
    super(new Spi(delegate), delegate.getProvider(), delegate.getProtocol());
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;

    Spi(SSLContext delegate) {
      this.delegate = delegate;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
        throws KeyManagementException {
      delegate.init(km, tm, random);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return new Factory(delegate.getSocketFactory());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return delegate.createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return delegate.createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return delegate.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }
  }

  /** Delegates every socket, and names the host on those made for one. */
  static final class Factory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    Factory(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws IOException {
      return named(delegate.createSocket(s, host, port, autoClose), host);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return named(delegate.createSocket(host, port), host);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return named(delegate.createSocket(host, port, localHost, localPort), host);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
        int localPort) throws IOException {
      return delegate.createSocket(address, port, localAddress, localPort);
    }

    @Override
    public Socket createSocket() throws IOException {
      return delegate.createSocket();
    }

    /** SNI carries names, never IP literals (RFC 6066, section 3). */
    static Socket named(Socket socket, String host) {
      if (!(socket instanceof SSLSocket) || host == null || isIpLiteral(host)) {
        return socket;
      }
      SSLSocket ssl = (SSLSocket) socket;
      SSLParameters parameters = ssl.getSSLParameters();
      if (parameters.getServerNames() == null || parameters.getServerNames().isEmpty()) {
        try {
          parameters.setServerNames(List.of(new SNIHostName(host)));
          ssl.setSSLParameters(parameters);
        } catch (IllegalArgumentException notAHostName) {
          // Not a name SNI can carry (the JDK would not have sent it either).
        }
      }
      return socket;
    }

    static boolean isIpLiteral(String host) {
      if (host.indexOf(':') >= 0 || host.startsWith("[")) {
        return true; // IPv6
      }
      for (int i = 0; i < host.length(); i++) {
        char c = host.charAt(i);
        if ((c < '0' || c > '9') && c != '.') {
          return false;
        }
      }
      return true;
    }
  }
}
