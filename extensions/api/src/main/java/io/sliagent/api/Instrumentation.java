package io.sliagent.api;

import java.util.List;
import java.util.Map;

/**
 * One instrumented library, built into the agent or loaded from an extension jar: everything the
 * agent needs to know about it is declared here, so adding one touches nothing else.
 *
 * <p>Implementations are found through {@code META-INF/services/io.sliagent.api.Instrumentation}
 * and built with their public no-argument constructor at premain, where only {@link #name},
 * {@link #signal} and {@link #mayChange} run; {@link #handlers} and {@link #targets} (which needs
 * ByteBuddy) run on the agent's start-up thread, beside the application's own start-up. A class
 * that passes {@link #mayChange} before they are ready waits for them.
 *
 * <p>A call's identity is read by the advice, inside the library's own class where the library's
 * types link, and handed to the {@link io.sliagent.bootstrap.Bridge} as JDK types (strings, URIs,
 * numbers); the handlers never name a library class. An instrumentation that throws, at start-up
 * or in a matcher, is reported once by name and switched off; the others go on.
 */
public interface Instrumentation {

  /**
   * The switch-off name, in kebab case ({@code jdbc}, {@code okhttp}): {@code
   * sli.instrumentation.NAME.enabled=false} leaves the library untouched.
   */
  String name();

  /**
   * What this instrumentation records: the metric its calls go to and the objectives-file
   * selector that chooses among its endpoints. Instrumentations of one signal share its endpoints
   * and nest: a call made inside another call of the same signal on the same thread (a wrapper
   * delegating to the client it wraps) is measured once, as the outer call. Null for one that
   * records no calls of its own: a retry library's, say, which marks the calls others record as
   * retries ({@link Retries}).
   */
  Signal signal();

  /**
   * A cheap test of a class's internal name ({@code a/b/C}) that holds for every class {@link
   * #targets} may change; called for every class the JVM loads, so it must not allocate.
   */
  boolean mayChange(String internalName);

  /**
   * The selectors of the objectives over {@link #signal} in force at start-up, each as its
   * criteria (selector key to value, {@code *} a wildcard), given before {@link #targets}: for an
   * instrumentation that changes what the objectives name (a job's method). Most ignore it.
   */
  default void objectives(List<Map<String, String>> selectors) {}

  /** The classes to change and the advice for their methods. */
  List<Target> targets();

  /**
   * The handler of each call name the targets' advice uses ({@link Target#advice}), recording
   * into {@code recorder}, the endpoints of {@link #signal} (null when there is no signal).
   */
  Map<String, CallHandler> handlers(Recorder recorder);
}
