package org.example.greeter.sli;

import io.sliagent.api.CallHandler;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Recorder;

/** Records greetings per server; sees only the host and port the advice read. */
final class GreetHandler implements CallHandler {

  private final Recorder recorder;

  GreetHandler(Recorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void onExit(Object host, Object port, Object result, Throwable thrown, long startNanos,
      long endNanos) {
    recorder.endpoint(new Server((String) host, (Integer) port), GreetHandler::attributes)
        .record(endNanos - startNanos, 0, thrown == null ? null : thrown.getClass().getName());
  }

  /** Made once per server, the first time it is called. */
  private static EndpointAttributes attributes(Server server) {
    return EndpointAttributes.builder()
        .put("rpc.system.name", "greeter")
        .put("rpc.method", "greeter.Greeter/Greet")
        .put("server.address", server.host)
        .put("server.port", (long) server.port)
        .build();
  }

  /** An endpoint's key: a value, equal when the attributes it makes are. */
  private static final class Server {
    final String host;
    final int port;

    Server(String host, int port) {
      this.host = host;
      this.port = port;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Server && ((Server) o).host.equals(host) && ((Server) o).port == port;
    }

    @Override
    public int hashCode() {
      return host.hashCode() * 31 + port;
    }
  }
}
