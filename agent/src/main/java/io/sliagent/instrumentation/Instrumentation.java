package io.sliagent.instrumentation;

import io.sliagent.recording.Recording;
import java.util.List;
import java.util.Map;

/**
 * One instrumented library: what it changes ({@link #targets}) and the handlers its advice
 * reports to ({@link #handlers}). Each lives in a package of its own; it can be switched off with
 * {@code sli.instrumentation.NAME.enabled=false}.
 */
public interface Instrumentation {

  /** The switch-off name, e.g. {@code jdbc}. */
  String name();

  List<Target> targets();

  /**
   * A cheap test of a class's internal name ({@code a/b/C}) that holds for every class
   * {@link #targets} may change. ByteBuddy is loaded only once a class passes it, so a JVM that
   * never loads such a class never pays for the bytecode machinery.
   */
  boolean mayChange(String internalName);

  /** The handler for each kind this instrumentation's advice reports. */
  Map<Integer, CallHandler> handlers(Recording recording);
}
