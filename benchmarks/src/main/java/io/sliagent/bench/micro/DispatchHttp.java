package io.sliagent.bench.micro;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.api.Signal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the agent adds to {@code HttpClient.send}: the bridge calls of its advice, with the real
 * dispatcher and handler. Unlike a prepared statement, the endpoint is looked up from the
 * request on every call (method, host, port, URL template). The path has an id, so the template
 * is rewritten ({@code /items/42} to {@code /items/{id}}) as for most REST calls.
 */
public class DispatchHttp extends MicroDefaults {

  @Param({"false", "true"})
  public boolean objectives;

  private AgentFixture agent;
  private HttpRequest request;
  private HttpResponse<Void> response;

  @Setup
  public void setUp() {
    agent = new AgentFixture(objectives);
    request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/items/42")).GET().build();
    response = new StubResponse(request, 200);
  }

  @Benchmark
  public void send() {
    long start = Bridge.enter(agent.httpSend);
    // ... the client exchanges the request and response here ...
    Bridge.exit(agent.httpSend, null, request, response, null, start);
  }

  @TearDown
  public void check() {
    Checks.recorded(agent, agent.onlyEndpoint(Signal.HTTP_CLIENT), objectives);
  }
}
