package io.sliagent.instrumentation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The classes one instrumentation changes and the advice it applies to their methods, named by
 * class so the advice is read as bytes and never loaded by the agent's class loader.
 */
public final class Target {

  final ElementMatcher<? super TypeDescription> types;
  final List<ElementMatcher<? super MethodDescription>> methods = new ArrayList<>();
  final List<String> adviceClasses = new ArrayList<>();
  boolean slot;

  private Target(ElementMatcher<? super TypeDescription> types) {
    this.types = types;
  }

  /** The types to change; the matcher should start with a cheap name test. */
  public static Target types(ElementMatcher<? super TypeDescription> types) {
    return new Target(types);
  }

  public Target advice(ElementMatcher<? super MethodDescription> methods, String adviceClass) {
    this.methods.add(methods);
    this.adviceClasses.add(adviceClass);
    return this;
  }

  /**
   * Adds a {@link io.sliagent.bootstrap.Slot} field to these types when they load after the
   * agent, so the handler keeps per-object state without a map.
   */
  public Target withSlot() {
    this.slot = true;
    return this;
  }

  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return types;
  }

  public List<String> adviceClasses() {
    return Collections.unmodifiableList(adviceClasses);
  }
}
