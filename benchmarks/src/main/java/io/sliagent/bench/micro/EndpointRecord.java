package io.sliagent.bench.micro;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.recording.Endpoint;
import io.sliagent.api.Signal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code Endpoint.record} of a successful call: latency histogram, the outcome's series and,
 * with objectives, the two SLI counters (latency and success) the endpoint is bound to.
 */
public class EndpointRecord extends MicroDefaults {

  @Param({"false", "true"})
  public boolean objectives;

  private AgentFixture agent;
  private Endpoint endpoint;

  @Setup
  public void setUp() {
    agent = new AgentFixture(objectives);
    AgentFixture.SlotStatement statement = agent.prepared();
    long start = Bridge.enter(agent.jdbcExecute);
    Bridge.exit(agent.jdbcExecute, statement, null, null, null, start);
    endpoint = agent.onlyEndpoint(Signal.DB_CLIENT);
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
