package io.sliagent.bench.micro;

import io.sliagent.endpoint.HttpEndpoints;
import io.sliagent.recording.Endpoint;
import io.sliagent.recording.SignalKind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP endpoint lookup alone: URL template, key and registry map. A path without digits
 * keeps its text as the template; one with an id is rewritten on every call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class HttpLookup {

  @Param({"/health", "/items/42"})
  public String path;

  private HttpEndpoints endpoints;
  private HttpRequest request;

  @Setup
  public void setUp() {
    AgentFixture agent = new AgentFixture(false);
    endpoints = new HttpEndpoints(agent.recording.registry(SignalKind.HTTP_CLIENT));
    request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080" + path)).GET().build();
  }

  @Benchmark
  public Endpoint endpoint() {
    return endpoints.endpoint(request.method(), request.uri());
  }
}
