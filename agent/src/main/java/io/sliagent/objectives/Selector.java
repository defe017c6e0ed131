package io.sliagent.objectives;

import io.sliagent.api.Signal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which endpoints an objective covers: a {@link Signal} plus criteria on the endpoint's
 * attributes. Criteria are written with the signal's short operator-friendly keys (for example
 * {@code host}) that stand for semantic-convention attributes ({@code server.address}).
 */
public final class Selector {

  private final Signal signal;
  private final Map<String, String> criteria;

  private Selector(Signal signal, Map<String, String> criteria) {
    this.signal = signal;
    this.criteria = criteria;
  }

  /**
   * A selector of {@code signal}'s endpoints with {@code criteria} keyed as in the objectives
   * file; no criteria selects every endpoint of the signal.
   *
   * @throws IllegalArgumentException for a criterion key the signal does not know
   */
  public static Selector of(Signal signal, Map<String, String> criteria) {
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : criteria.entrySet()) {
      if (!signal.selectorKeys().containsKey(c.getKey())) {
        throw new IllegalArgumentException("unknown " + signal + " criterion: " + c.getKey());
      }
      copy.put(c.getKey(), Objects.requireNonNull(c.getValue(), c.getKey()));
    }
    return new Selector(signal, Collections.unmodifiableMap(copy));
  }

  /** The signal whose endpoints this selects. */
  public Signal signal() {
    return signal;
  }

  /** The signal's name, which is the selector's key in the file ({@code http-client}). */
  public String kind() {
    return signal.name();
  }

  /** The criteria in file order, keyed as in the file ({@code host}, {@code path}, ...). */
  public Map<String, String> criteria() {
    return criteria;
  }

  /**
   * Whether an endpoint with these attributes satisfies every criterion. A {@code *} in a
   * criterion matches any run of characters; keys the signal marks (host, method, ...) compare
   * ignoring case. An attribute the endpoint lacks never matches. The signal is not checked
   * here: callers offer only endpoints of {@link #signal()}.
   */
  public boolean matches(Map<String, String> endpointAttributes) {
    Map<String, String> attributes = signal.selectorKeys();
    for (Map.Entry<String, String> c : criteria.entrySet()) {
      String actual = endpointAttributes.get(attributes.get(c.getKey()));
      if (actual == null
          || !Glob.matches(c.getValue(), actual, signal.ignoresCase(c.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return signal + " " + criteria;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Selector && signal.equals(((Selector) o).signal)
        && criteria.equals(((Selector) o).criteria);
  }

  @Override
  public int hashCode() {
    return signal.hashCode() * 31 + criteria.hashCode();
  }
}
