package io.sliagent.objectives;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One named objective: which endpoints it covers, its SLIs with targets, and its window. */
public final class Objective {

  private final String name;
  private final Selector selector;
  private final List<Sli> slis;
  private final Duration window;

  /**
   * An objective; {@code window} is the objective's own rolling window or, when it declares none,
   * the file's default.
   */
  public Objective(String name, Selector selector, List<Sli> slis, Duration window) {
    this.name = Objects.requireNonNull(name, "name");
    this.selector = Objects.requireNonNull(selector, "selector");
    this.slis = List.copyOf(slis);
    this.window = Objects.requireNonNull(window, "window");
    if (this.slis.isEmpty()) {
      throw new IllegalArgumentException("objective " + name + " has no SLI");
    }
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("window must be > 0: " + window);
    }
  }

  /** The operator's name for the objective, unique within the file. */
  public String name() {
    return name;
  }

  /** Which endpoints the objective covers. */
  public Selector selector() {
    return selector;
  }

  /** The SLIs in file order; never empty. */
  public List<Sli> slis() {
    return slis;
  }

  /** The rolling window: the objective's own, or the file's default. */
  public Duration window() {
    return window;
  }

  /** {@code payments-api (latency 250ms @ 99%, success @ 99.9%)}. */
  @Override
  public String toString() {
    return name + slis.stream().map(Sli::toString).collect(Collectors.joining(", ", " (", ")"));
  }
}
