package io.sliagent.bench.micro;

import io.sliagent.api.Signal;
import io.sliagent.bootstrap.Bridge;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the agent adds to one Kafka record, on one thread, without the client's own work: the
 * bridge call the advice inlined into the records' iterator makes when the application asks for
 * the next record (the previous one is done: its processing time and outcome are recorded; this
 * one's begins, with its timestamp in the iterator's slot), with the real dispatcher and Kafka
 * handler behind it, for records a grouped consumer polled. The poll itself, once per batch of up
 * to {@code max.poll.records} (500), is left out.
 */
public class DispatchKafka extends MicroDefaults {

  @Param({"false", "true"})
  public boolean objectives;

  private AgentFixture agent;
  private final SlotObject consumer = new SlotObject();
  private final SlotObject records = new SlotObject();
  private final SlotObject iterator = new SlotObject();
  /** The record handed out: the agent holds it, and never reads it. */
  private final Object record = new Object();
  private long timestamp;

  @Setup
  public void setUp() {
    agent = new AgentFixture(objectives);
    // poll() entered (the group read once), returned records; records.iterator() made one.
    Bridge.event(agent.kafkaPoll, consumer, "bench-group", null);
    Bridge.event(agent.kafkaPoll, consumer, records, Map.of());
    Bridge.event(agent.kafkaLink, records, iterator, null);
    timestamp = System.currentTimeMillis();
  }

  @Benchmark
  public void next() {
    iterator.sli$setLong(timestamp);
    Bridge.event(agent.kafkaNext, iterator, "bench-records", record);
  }

  @TearDown
  public void check() {
    var endpoint = agent.onlyEndpoint(Signal.CONSUMER);
    long processed = AgentFixture.calls(endpoint);
    if (processed < 1000) {
      throw new IllegalStateException("recorded " + processed + " records");
    }
    if (objectives && agent.sloEvents() < 2 * processed) { // latency and success
      throw new IllegalStateException(processed + " records but " + agent.sloEvents()
          + " SLI events");
    }
  }
}
