package io.sliagent.bench.micro;

import io.sliagent.api.Signal;
import io.sliagent.bootstrap.Bridge;
import java.util.Date;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the agent adds to one RabbitMQ delivery, on one thread, without the client's own work:
 * the bridge calls the advice inlined into the dispatcher's delivery runnable makes (enter, the
 * delivery's identity, exit with its exchange, routing key and timestamp), with the real
 * dispatcher and RabbitMQ handler behind them, for an auto-ack consumer whose {@code
 * basicConsume} and consume-ok were seen (so its queue is known). The delivery tag grows as a
 * channel's does: the advice boxes it, as it would in the client.
 */
public class DispatchRabbit extends MicroDefaults {

  @Param({"false", "true"})
  public boolean objectives;

  private static final String TAG = "amq.ctag-bench";

  private AgentFixture agent;
  private final SlotObject channel = new SlotObject();
  private final SlotObject dispatcher = new SlotObject();
  private final Object consumer = new Object();
  /** A message's timestamp property: the client makes one Date a delivery that has one. */
  private final Date timestamp = new Date();
  private long deliveryTag;

  @Setup
  public void setUp() {
    agent = new AgentFixture(objectives);
    // basicConsume(queue, autoAck = true, ...), then the broker's consume-ok with the tag.
    Bridge.event(agent.rabbitConsume, channel, consumer,
        new Object[] {dispatcher, "bench-deliveries", Boolean.TRUE});
    Bridge.event(agent.rabbitConsumeOk, dispatcher, consumer, TAG);
    deliveryTag = 1000;
  }

  @Benchmark
  public void delivery() {
    int call = agent.rabbitDeliver;
    long start = Bridge.enter(call);
    if (start != Bridge.NOT_ENTERED && start != Bridge.NESTED) {
      Bridge.event(call, dispatcher, TAG, Long.valueOf(deliveryTag++));
    }
    // ... Consumer.handleDelivery ...
    Bridge.exit(call, "", "bench-deliveries", timestamp, null, start);
  }

  @TearDown
  public void check() {
    var endpoint = agent.onlyEndpoint(Signal.CONSUMER);
    long deliveries = AgentFixture.calls(endpoint);
    if (deliveries < 1000) {
      throw new IllegalStateException("recorded " + deliveries + " deliveries");
    }
    if (objectives && agent.sloEvents() < 2 * deliveries) { // latency and success
      throw new IllegalStateException(deliveries + " deliveries but " + agent.sloEvents()
          + " SLI events");
    }
  }
}
