package io.sliagent.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A JDK HttpClient GET (HTTP/1.1, kept alive) to a server on loopback. The server runs in the
 * runner's JVM ({@code bench.http.port}), outside the measured one, so only an agent's client
 * instrumentation is in the numbers. The path has an id, as most REST calls do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class HttpClientLoopback {

  private HttpClient client;
  private HttpRequest request;

  @Setup
  public void open() {
    String port = System.getProperty("bench.http.port");
    if (port == null) {
      throw new IllegalStateException("run through io.sliagent.bench.Compare: no -Dbench.http.port");
    }
    // Responses are handled on the client's selector thread rather than handed to a pool: one
    // thread switch fewer per call, on 2 cores the largest source of noise.
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Runnable::run).build();
    request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items/42"))
        .GET().build();
  }

  @Benchmark
  public int get() throws IOException, InterruptedException {
    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("status " + response.statusCode());
    }
    return response.statusCode();
  }
}
