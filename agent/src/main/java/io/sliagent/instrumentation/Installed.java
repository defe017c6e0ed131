package io.sliagent.instrumentation;

import io.sliagent.api.Instrumentation;
import io.sliagent.log.AgentLog;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An instrumentation the agent installed: the numbers of its calls, where its advice's class
 * files are read, and whether it is still on. Whatever it throws, from its name test, its
 * targets, its matchers or its advice, switches it off with one message naming it; the others go
 * on.
 */
final class Installed {

  private final Instrumentation instrumentation;
  private final String name;
  private final Map<String, Integer> calls;
  private final Dispatcher dispatcher;
  private final AtomicInteger faults = new AtomicInteger();
  private volatile boolean off;

  Installed(Instrumentation instrumentation, String name, Map<String, Integer> calls,
      Dispatcher dispatcher) {
    this.instrumentation = instrumentation;
    this.name = name;
    this.calls = calls;
    this.dispatcher = dispatcher;
  }

  Instrumentation instrumentation() {
    return instrumentation;
  }

  String name() {
    return name;
  }

  void addCall(String call, int number) {
    calls.put(call, number);
  }

  /** The number of the call named {@code call}, or null when its handlers declare none. */
  Integer call(String call) {
    return calls.get(call);
  }

  /** Where its advice classes are read from: the loader of the instrumentation's own class. */
  ClassLoader loader() {
    return instrumentation.getClass().getClassLoader();
  }

  boolean isOff() {
    return off;
  }

  int fault() {
    return faults.incrementAndGet();
  }

  /** Its cheap name test; false once it is off. */
  boolean mayChange(String internalName) {
    if (off) {
      return false;
    }
    try {
      return instrumentation.mayChange(internalName);
    } catch (Throwable t) {
      fail("its class-name test (mayChange)", t);
      return false;
    }
  }

  /** Switches it off, saying once why. */
  void fail(String where, Throwable t) {
    if (off) {
      return;
    }
    off = true;
    dispatcher.switchOff(this);
    AgentLog.error("instrumentation " + name + " failed in " + where
        + " and is switched off; the other instrumentations go on", t);
  }
}
