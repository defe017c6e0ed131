package io.sliagent.bench.micro;

import io.sliagent.endpoint.HttpEndpoints;
import io.sliagent.api.Endpoint;
import io.sliagent.api.Signal;
import java.net.URI;
import java.net.http.HttpRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The HTTP endpoint lookup alone: URL template, key and registry map. A path without digits
 * keeps its text as the template; one with an id is rewritten on every call.
 */
public class HttpLookup extends MicroDefaults {

  @Param({"/health", "/items/42"})
  public String path;

  private HttpEndpoints endpoints;
  private HttpRequest request;

  @Setup
  public void setUp() {
    AgentFixture agent = new AgentFixture(false);
    endpoints = new HttpEndpoints(agent.recording.registry(Signal.HTTP_CLIENT));
    request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080" + path)).GET().build();
  }

  @Benchmark
  public Endpoint endpoint() {
    return endpoints.endpoint(request.method(), request.uri());
  }
}
