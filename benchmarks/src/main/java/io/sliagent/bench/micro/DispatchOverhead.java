package io.sliagent.bench.micro;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.instrumentation.Installer;
import io.sliagent.recording.Bindings;
import io.sliagent.recording.Recording;
import java.util.List;
import java.util.Map;
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
  private int call;

  @Setup
  public void setUp() {
    CallHandler noop = (target, argument, result, thrown, start, end) -> sink += end - start;
    Installer installer = Installer.of(List.of(new Noop(noop)));
    Bridge.install(installer.prepare(new Recording(1000, Bindings.NONE)::registry));
    call = installer.call("noop", "execute");
  }

  @Benchmark
  public void noopHandler() {
    long start = Bridge.enter(call);
    Bridge.exit(call, statement, null, null, null, start);
  }

  /** An instrumentation whose one call records nothing. */
  private static final class Noop implements Instrumentation {
    private final CallHandler handler;

    Noop(CallHandler handler) {
      this.handler = handler;
    }

    @Override
    public String name() {
      return "noop";
    }

    @Override
    public Signal signal() {
      return Signal.DB_CLIENT;
    }

    @Override
    public boolean mayChange(String internalName) {
      return false;
    }

    @Override
    public List<Target> targets() {
      return List.of();
    }

    @Override
    public Map<String, CallHandler> handlers(Recorder recorder) {
      return Map.of("execute", handler);
    }
  }
}
