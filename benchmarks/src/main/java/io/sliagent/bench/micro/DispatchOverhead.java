package io.sliagent.bench.micro;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.instrumentation.CallHandler;
import io.sliagent.instrumentation.Dispatcher;
import io.sliagent.instrumentation.Kinds;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The bridge and dispatcher around a handler that records nothing: clock reads, nesting depth,
 * the kind checks and the calls through the bridge. {@code DispatchJdbc} minus this is the
 * handler and recording.
 */
public class DispatchOverhead extends MicroDefaults {

  private final Object statement = new Object();
  private long sink;

  @Setup
  public void setUp() {
    Dispatcher dispatcher = new Dispatcher();
    CallHandler noop = (target, argument, result, thrown, start, end) -> sink += end - start;
    dispatcher.register(Kinds.JDBC_EXECUTE, noop, "jdbc");
    Bridge.install(dispatcher);
  }

  @Benchmark
  public void noopHandler() {
    long start = Bridge.enter(Kinds.JDBC_EXECUTE);
    Bridge.exit(Kinds.JDBC_EXECUTE, statement, null, null, null, start);
  }
}
