package io.sliagent.it.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * An application whose request objects fail whenever the agent (and only the agent) reads them:
 * a fault inside the agent's recording path on every call. The application's results must be
 * exactly what they are without the agent. Arguments: HTTP_PORT CALLS
 */
public final class HostileApp {

  private HostileApp() {}

  public static void main(String[] args) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    int calls = Integer.parseInt(args[1]);
    StringBuilder statuses = new StringBuilder();
    for (int i = 0; i < calls; i++) {
      HttpRequest real = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + args[0] + "/hostile/" + (i % 2 == 0 ? "ok" : "fail")))
          .build();
      HttpResponse<String> r = client.send(new Hostile(real), HttpResponse.BodyHandlers.ofString());
      statuses.append(r.statusCode()).append(' ').append(r.body().length()).append('\n');
    }
    System.out.print(statuses);
  }

  /** Delegates everything, but throws when called from the agent's code. */
  static final class Hostile extends HttpRequest {
    private final HttpRequest real;

    Hostile(HttpRequest real) {
      this.real = real;
    }

    private static void refuseTheAgent() {
      for (StackTraceElement e : new Throwable().getStackTrace()) {
        if (e.getClassName().startsWith("io.sliagent.instrumentation.")) {
          throw new IllegalStateException("this request refuses to be read by the agent");
        }
      }
    }

    @Override
    public Optional<BodyPublisher> bodyPublisher() {
      return real.bodyPublisher();
    }

    @Override
    public String method() {
      refuseTheAgent();
      return real.method();
    }

    @Override
    public Optional<Duration> timeout() {
      return real.timeout();
    }

    @Override
    public boolean expectContinue() {
      return real.expectContinue();
    }

    @Override
    public URI uri() {
      refuseTheAgent();
      return real.uri();
    }

    @Override
    public Optional<HttpClient.Version> version() {
      return real.version();
    }

    @Override
    public HttpHeaders headers() {
      return real.headers();
    }
  }
}
