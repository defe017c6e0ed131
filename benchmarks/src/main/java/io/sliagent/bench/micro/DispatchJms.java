package io.sliagent.bench.micro;

import io.sliagent.api.Signal;
import io.sliagent.bootstrap.Bridge;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the agent adds to one JMS message handed to a {@code MessageListener}, on one thread,
 * without the provider's own work: the bridge calls the advice inlined into {@code onMessage}
 * makes (enter; exit with the destination's name and the message's send time), with the real
 * dispatcher and JMS handler behind them. The send time is boxed, as the advice boxes it.
 */
public class DispatchJms extends MicroDefaults {

  @Param({"false", "true"})
  public boolean objectives;

  private AgentFixture agent;
  private long sentAt; // a message sent just before the run: its age stays realistic

  @Setup
  public void setUp() {
    agent = new AgentFixture(objectives);
    sentAt = System.currentTimeMillis();
  }

  @Benchmark
  public void onMessage() {
    int call = agent.jmsListener;
    long start = Bridge.enter(call);
    // ... MessageListener.onMessage ...
    Bridge.exit(call, "bench-messages", Long.valueOf(sentAt), Boolean.TRUE, null, start);
  }

  @TearDown
  public void check() {
    var endpoint = agent.onlyEndpoint(Signal.CONSUMER);
    long messages = AgentFixture.calls(endpoint);
    if (messages < 1000) {
      throw new IllegalStateException("recorded " + messages + " messages");
    }
    if (objectives && agent.sloEvents() < 2 * messages) { // latency and success
      throw new IllegalStateException(messages + " messages but " + agent.sloEvents()
          + " SLI events");
    }
  }
}
