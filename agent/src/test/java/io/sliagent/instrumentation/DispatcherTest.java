package io.sliagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sliagent.api.CallHandler;
import io.sliagent.bootstrap.AgentThreads;
import io.sliagent.bootstrap.Bridge;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the bridge's dispatcher guarantees every instrumentation: a call inside another of the same
 * signal is measured once, calls of other signals are not held back, the agent's own threads are
 * never measured, and a handler that throws never reaches the application.
 */
class DispatcherTest {

  private final List<String> recorded = new ArrayList<>();
  private final Dispatcher dispatcher = new Dispatcher();
  private final Installed owner = new Installed(null, "test", java.util.Map.of(), dispatcher);
  private final int outer = dispatcher.add(recording("outer"), owner, 0);
  private final int inner = dispatcher.add(recording("inner"), owner, 0);
  private final int otherSignal = dispatcher.add(recording("other"), owner, 1);

  {
    dispatcher.seal();
  }

  private CallHandler recording(String name) {
    return (target, argument, result, thrown, start, end) -> recorded.add(name);
  }

  @Test
  void aCallInsideAnotherOfTheSameSignalIsMeasuredOnceAsTheOuter() {
    long a = dispatcher.enter(outer);
    long b = dispatcher.enter(inner);
    long c = dispatcher.enter(otherSignal);
    dispatcher.exit(otherSignal, null, null, null, null, c);
    dispatcher.exit(inner, null, null, null, null, b);
    dispatcher.exit(outer, null, null, null, null, a);
    assertEquals(Bridge.NESTED, b);
    assertEquals(List.of("other", "outer"), recorded);
    // Balanced: the next call is measured again.
    dispatcher.exit(inner, null, null, null, null, dispatcher.enter(inner));
    assertEquals(List.of("other", "outer", "inner"), recorded);
  }

  @Test
  void theAgentsOwnThreadsAreNeverMeasured() throws Exception {
    Thread t = new AgentThreads("test").newThread(() -> {
      dispatcher.exit(outer, null, null, null, null, dispatcher.enter(outer));
      dispatcher.exit(otherSignal, null, null, null, null, dispatcher.enter(otherSignal));
    });
    t.start();
    t.join();
    assertEquals(List.of(), recorded);
  }

  @Test
  void aHandlerThatThrowsIsContainedAndSwitchedOffAfterRepeatedFailures() {
    Dispatcher d = new Dispatcher();
    Installed failing = new Installed(null, "failing", java.util.Map.of(), d);
    AtomicInteger calls = new AtomicInteger();
    int call = d.add((t, a, r, th, s, e) -> {
      calls.incrementAndGet();
      throw new IllegalStateException("handler bug");
    }, failing, 0);
    d.seal();
    for (int i = 0; i < Dispatcher.MAX_FAULTS + 50; i++) {
      d.exit(call, null, null, null, null, d.enter(call)); // never throws
    }
    assertEquals(Dispatcher.MAX_FAULTS, calls.get());
    assertEquals(Bridge.NOT_ENTERED, d.enter(call));
  }
}
