package io.sliagent.bench.micro;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.recording.Series;
import io.sliagent.recording.RecordingProbe;
import io.sliagent.api.Signal;
import io.sliagent.slo.SliCounter;
import org.HdrHistogram.AtomicHistogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The parts {@code Endpoint.record} is made of, each alone: the latency counts (HdrHistogram's
 * layout, one atomic increment; HdrHistogram's own AtomicHistogram beside it for comparison), one outcome's {@code Series} (exact
 * buckets, sum, min, max) and one SLI counter. State is shared, so with several threads they
 * contend on the same cache lines as calls to one endpoint do.
 */
public class Components extends MicroDefaults {

  /** What {@code Endpoint} allocates: 1 µs to 1 h at 2 significant digits. */
  private final AtomicHistogram histogram = new AtomicHistogram(1_000L, 3_600_000_000_000L, 2);
  private final Object latencyCounts = RecordingProbe.newLatencyCounts();
  private final SliCounter counter = new SliCounter(28L * 24 * 3_600_000, System.currentTimeMillis());
  private Series series;

  @Setup
  public void setUp() {
    AgentFixture agent = new AgentFixture(false);
    AgentFixture.SlotStatement statement = agent.prepared();
    long start = Bridge.enter(agent.jdbcExecute);
    Bridge.exit(agent.jdbcExecute, statement, null, null, null, start);
    series = agent.onlyEndpoint(Signal.DB_CLIENT).series()[0];
  }

  @State(Scope.Thread)
  public static class Values {
    final Latencies latencies = new Latencies();
  }

  @Benchmark
  public void hdrHistogram(Values v) {
    histogram.recordValue(v.latencies.next());
  }

  @Benchmark
  public void latencyCounts(Values v) {
    RecordingProbe.record(latencyCounts, v.latencies.next());
  }

  @Benchmark
  public void series(Values v) {
    RecordingProbe.record(series, v.latencies.next());
  }

  @Benchmark
  public void sliCounter(Values v) {
    counter.record(v.latencies.next() <= 1_000_000);
  }
}
