package io.sliagent.instrumentation.jobs;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Endpoint;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Recorder;
import io.sliagent.api.Slots;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Records job runs: a named method under the pattern the file names it by, a scheduled method
 * under {@code Class#method}. Endpoints are cached by the method, so a run costs one lookup.
 */
final class Runs implements CallHandler {

  private final Recorder recorder;
  /** Read when a run is first seen: the patterns arrive after the handlers are made. */
  private final Supplier<List<MethodPattern>> patterns;
  private final ConcurrentHashMap<Object, Endpoint> byMethod = new ConcurrentHashMap<>();

  Runs(Recorder recorder, Supplier<List<MethodPattern>> patterns) {
    this.recorder = recorder;
    this.patterns = patterns;
  }

  /**
   * Quartz's runs, from the shell's two events: the start kept in the shell's slot, then the job's
   * class and what it threw at the end; named {@code Class#execute}.
   */
  CallHandler quartz() {
    Slots shells = new Slots();
    return CallHandler.ofEvents((shell, jobClass, thrown) -> {
      if (jobClass == null) {
        shells.setLong(shell, System.nanoTime());
        return;
      }
      long start = shells.getLong(shell);
      if (start != 0 && jobClass instanceof Class) {
        shells.setLong(shell, 0);
        onExit(null, ((Class<?>) jobClass).getName() + "#execute", null, (Throwable) thrown,
            start, System.nanoTime());
      }
    });
  }

  @Override
  public void onExit(Object target, Object method, Object result, Throwable thrown,
      long startNanos, long endNanos) {
    if (method == null) {
      return;
    }
    Endpoint e = byMethod.get(method);
    if (e == null) {
      e = recorder.endpoint(jobName(method),
          n -> EndpointAttributes.builder().put("job.name", n).build());
      if (byMethod.size() < 10_000) { // bounded whatever the application does
        byMethod.put(method, e);
      }
    }
    // A scheduled method's exception reaches Spring wrapped: the job's own is the cause.
    Throwable cause = thrown instanceof InvocationTargetException && thrown.getCause() != null
        ? thrown.getCause() : thrown;
    e.record(endNanos - startNanos, 0, cause == null ? null : cause.getClass().getName());
  }

  /** The first pattern that names the method, as written; else {@code Class#method}. */
  private String jobName(Object method) {
    String name;
    if (method instanceof Method) {
      Method m = (Method) method;
      name = m.getDeclaringClass().getName() + "#" + m.getName();
    } else {
      name = String.valueOf(method);
    }
    int hash = name.indexOf('#');
    for (MethodPattern p : patterns.get()) {
      if (p.matchesType(name.substring(0, hash)) && p.matchesMethod(name.substring(hash + 1))) {
        return p.text;
      }
    }
    return name;
  }
}
