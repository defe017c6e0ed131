package io.sliagent.objectives;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which endpoints an objective covers: a kind of call plus criteria on the endpoint's
 * OpenTelemetry attributes. Criteria are written with short operator-friendly keys (for example
 * {@code host}) that stand for semantic-convention attributes ({@code server.address}).
 */
public final class Selector {

  /** Kind of a selector over outgoing HTTP calls. */
  public static final String HTTP_CLIENT = "http-client";
  /** Kind of a selector over JDBC statements. */
  public static final String JDBC = "jdbc";

  // Criterion key -> attribute, per kind, in the order the keys are listed in messages.
  private static final Map<String, Map<String, String>> ATTRIBUTES = Map.of(
      HTTP_CLIENT, ordered(
          "host", "server.address",
          "port", "server.port",
          "method", "http.request.method",
          "path", "url.template"),
      JDBC, ordered(
          "system", "db.system.name",
          "database", "db.namespace",
          "operation", "db.operation.name",
          "table", "db.collection.name",
          "host", "server.address"));

  // Host names, HTTP methods, SQL verbs and database system names carry no meaning in their case;
  // paths, database and table names can.
  private static final Set<String> CASE_INSENSITIVE =
      Set.of("host", "method", "operation", "system");

  private final String kind;
  private final Map<String, String> criteria;

  private Selector(String kind, Map<String, String> criteria) {
    this.kind = kind;
    this.criteria = criteria;
  }

  /**
   * A selector of {@code kind} ({@link #HTTP_CLIENT} or {@link #JDBC}) with {@code criteria} keyed
   * as in the objectives file; no criteria selects every endpoint of the kind.
   *
   * @throws IllegalArgumentException for an unknown kind or criterion key
   */
  public static Selector of(String kind, Map<String, String> criteria) {
    Map<String, String> attributes = ATTRIBUTES.get(kind);
    if (attributes == null) {
      throw new IllegalArgumentException("unknown selector kind: " + kind);
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : criteria.entrySet()) {
      if (!attributes.containsKey(c.getKey())) {
        throw new IllegalArgumentException("unknown " + kind + " criterion: " + c.getKey());
      }
      copy.put(c.getKey(), Objects.requireNonNull(c.getValue(), c.getKey()));
    }
    return new Selector(kind, Collections.unmodifiableMap(copy));
  }

  /** The selector kinds this version supports. */
  static List<String> kinds() {
    return List.of(HTTP_CLIENT, JDBC);
  }

  /** The criterion keys valid for {@code kind}, in documentation order. */
  static List<String> keys(String kind) {
    return List.copyOf(ATTRIBUTES.get(kind).keySet());
  }

  /** {@link #HTTP_CLIENT} or {@link #JDBC}. */
  public String kind() {
    return kind;
  }

  /** The criteria in file order, keyed as in the file ({@code host}, {@code path}, ...). */
  public Map<String, String> criteria() {
    return criteria;
  }

  /**
   * Whether an endpoint with these OpenTelemetry attributes satisfies every criterion. A {@code *}
   * in a criterion matches any run of characters; host, method, operation and system compare
   * ignoring case. An attribute the endpoint lacks never matches. The kind is not checked here:
   * callers offer only endpoints of {@link #kind()}.
   */
  public boolean matches(Map<String, String> endpointAttributes) {
    Map<String, String> attributes = ATTRIBUTES.get(kind);
    for (Map.Entry<String, String> c : criteria.entrySet()) {
      String actual = endpointAttributes.get(attributes.get(c.getKey()));
      if (actual == null
          || !Glob.matches(c.getValue(), actual, CASE_INSENSITIVE.contains(c.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return kind + " " + criteria;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Selector && kind.equals(((Selector) o).kind)
        && criteria.equals(((Selector) o).criteria);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + criteria.hashCode();
  }

  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
