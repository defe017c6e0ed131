package io.sliagent.bench.micro;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.instrumentation.Kinds;
import io.sliagent.recording.Endpoint;
import io.sliagent.recording.SignalKind;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Endpoint.record} of a successful call: latency histogram, the outcome's series and,
 * with objectives, the two SLI counters (latency and success) the endpoint is bound to.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class EndpointRecord {

  @Param({"false", "true"})
  public boolean objectives;

  private AgentFixture agent;
  private Endpoint endpoint;

  @Setup
  public void setUp() {
    agent = new AgentFixture(objectives);
    AgentFixture.SlotStatement statement = agent.prepared();
    Bridge.exit(Kinds.JDBC_EXECUTE, statement, null, null, null, Bridge.enter(Kinds.JDBC_EXECUTE));
    endpoint = agent.onlyEndpoint(SignalKind.DB_CLIENT);
  }

  @State(Scope.Thread)
  public static class Values {
    final Latencies latencies = new Latencies();
  }

  @Benchmark
  public void record(Values v) {
    endpoint.record(v.latencies.next(), 0, null);
  }

  @TearDown
  public void check() {
    Checks.recorded(agent, endpoint, objectives);
  }
}
