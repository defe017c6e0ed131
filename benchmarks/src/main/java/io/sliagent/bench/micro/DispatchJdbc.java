package io.sliagent.bench.micro;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.api.Signal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the agent adds to {@code PreparedStatement.executeQuery()}: the two bridge calls its
 * inlined advice makes, with the real dispatcher and JDBC handler behind them. The endpoint comes
 * from the statement's slot, filled when it was prepared; the driver's own work is not here.
 */
public class DispatchJdbc extends MicroDefaults {

  @Param({"false", "true"})
  public boolean objectives;

  private AgentFixture agent;
  private AgentFixture.SlotStatement statement;

  @Setup
  public void setUp() {
    agent = new AgentFixture(objectives);
    statement = agent.prepared();
  }

  @Benchmark
  public void prepared() {
    long start = Bridge.enter(agent.jdbcExecute);
    // ... the driver executes the statement here ...
    Bridge.exit(agent.jdbcExecute, statement, null, null, null, start);
  }

  @TearDown
  public void check() {
    Checks.recorded(agent, agent.onlyEndpoint(Signal.DB_CLIENT), objectives);
  }
}
