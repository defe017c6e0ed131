package io.sliagent.bench.e2e;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
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
 * An OkHttp GET (kept alive) to the runner's server on loopback, as {@link HttpClientLoopback}
 * does with the JDK's client.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class OkHttpLoopback {

  private OkHttpClient client;
  private Request request;

  @Setup
  public void open() {
    String port = System.getProperty("bench.http.port");
    if (port == null) {
      throw new IllegalStateException("run through io.sliagent.bench.Compare: no -Dbench.http.port");
    }
    client = new OkHttpClient();
    request = new Request.Builder().url("http://127.0.0.1:" + port + "/items/42").build();
  }

  @TearDown
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Benchmark
  public int get() throws IOException {
    try (Response response = client.newCall(request).execute()) {
      response.body().bytes();
      if (response.code() != 200) {
        throw new IllegalStateException("status " + response.code());
      }
      return response.code();
    }
  }
}
