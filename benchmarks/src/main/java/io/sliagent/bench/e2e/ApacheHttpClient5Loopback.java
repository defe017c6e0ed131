package io.sliagent.bench.e2e;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An Apache HttpClient 5 classic GET (kept alive) to the runner's server on loopback, as {@link
 * HttpClientLoopback} does with the JDK's client.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class ApacheHttpClient5Loopback {

  private CloseableHttpClient client;
  private String url;

  @Setup
  public void open() {
    String port = System.getProperty("bench.http.port");
    if (port == null) {
      throw new IllegalStateException("run through io.sliagent.bench.Compare: no -Dbench.http.port");
    }
    client = HttpClients.createDefault();
    url = "http://127.0.0.1:" + port + "/items/42";
  }

  @TearDown
  public void close() throws IOException {
    client.close();
  }

  @Benchmark
  public int get() throws IOException {
    return client.execute(new HttpGet(url), response -> {
      EntityUtils.consume(response.getEntity());
      if (response.getCode() != 200) {
        throw new IllegalStateException("status " + response.getCode());
      }
      return response.getCode();
    });
  }
}
