package org.example.greeter.sli;

import static io.sliagent.api.Matchers.isPublic;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.takesArgument;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import java.util.List;
import java.util.Map;

/**
 * The sample library's {@code GreeterClient.greet(String)}, measured as an RPC client call. Never
 * names a library class: the matchers use names, the advice is named by a string.
 */
public final class GreeterInstrumentation implements Instrumentation {

  /** Outgoing RPC calls: {@code rpc.client.call.duration}, selected by {@code rpc-client}. */
  static final Signal RPC_CLIENT = Signal.builder("rpc-client", "rpc.client.call.duration")
      .description("Duration of RPC client calls.")
      .boundaries(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)
      .key("system", "rpc.system.name", true)
      .key("method", "rpc.method", false)
      .key("host", "server.address", true)
      .key("port", "server.port", false)
      .build();

  /**
   * Read as a class file and pasted into GreeterClient, never loaded here: it names GreeterClient,
   * which this extension's class loader cannot see.
   */
  private static final String GREET_ADVICE = "org.example.greeter.sli.GreetAdvice";

  @Override
  public String name() {
    return "greeter";
  }

  @Override
  public Signal signal() {
    return RPC_CLIENT;
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.equals("org/example/greeter/GreeterClient");
  }

  @Override
  public List<Target> targets() {
    // Types by their binary names (Class.getName()), even String's: the matchers read the class
    // file as it loads, and load nothing.
    return List.of(Target.types(named("org.example.greeter.GreeterClient"))
        .advice(named("greet").and(takesArguments(1))
                .and(takesArgument(0, named("java.lang.String"))).and(isPublic()),
            GREET_ADVICE, "greet"));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    return Map.of("greet", new GreetHandler(recorder));
  }
}
