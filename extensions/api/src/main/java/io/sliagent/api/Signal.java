package io.sliagent.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A kind of call the agent measures, under one name: {@code http-client} is both the selector an
 * objective names it by ({@code http-client: { host: payments }}) and how the agent speaks of it.
 * A signal is exported as one duration histogram (its {@link #metricName}, in seconds, with
 * {@link #boundariesNanos} plus every objective threshold as bucket boundaries) and one summary of
 * quantiles; its {@link #selectorKeys} map the short keys of the objectives file to the endpoint
 * attributes they match.
 *
 * <p>Instrumentations of one signal share its endpoints: an Apache HttpClient call and a JDK
 * HttpClient call both record {@link #HTTP_CLIENT}. An extension may declare a signal of its own;
 * two signals are the same when every part is equal, and two different ones may not share a name.
 */
public final class Signal {

  /** Outgoing HTTP calls: {@code http.client.request.duration}. */
  public static final Signal HTTP_CLIENT = builder("http-client", "http.client.request.duration")
      .description("Duration of HTTP client requests.")
      .boundaries(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)
      .key("host", "server.address", true)
      .key("port", "server.port", false)
      .key("method", "http.request.method", true)
      .key("path", "url.template", false)
      .build();

  /** Database statements: {@code db.client.operation.duration}. */
  public static final Signal DB_CLIENT = builder("jdbc", "db.client.operation.duration")
      .description("Duration of database client operations.")
      .boundaries(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10)
      .key("system", "db.system.name", true)
      .key("database", "db.namespace", false)
      .key("operation", "db.operation.name", true)
      .key("table", "db.collection.name", false)
      .key("host", "server.address", true)
      .build();

  private final String name;
  private final String metricName;
  private final String description;
  private final long[] boundariesNanos;
  private final Map<String, String> keys;
  private final Set<String> ignoringCase;

  private Signal(Builder b) {
    this.name = b.name;
    this.metricName = b.metricName;
    this.description = b.description;
    this.boundariesNanos = b.boundariesNanos.clone();
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(b.keys));
    this.ignoringCase = Collections.unmodifiableSet(new TreeSet<>(b.ignoringCase));
  }

  /**
   * Starts a signal named {@code name} (kebab case, the objectives file's selector key) exported
   * as the histogram {@code metricName}.
   */
  public static Builder builder(String name, String metricName) {
    return new Builder(name, metricName);
  }

  /**
   * Whether {@code name} is kebab case ({@code rpc-client}, {@code jdbc}): lower-case letters and
   * digits in words joined by single hyphens, starting with a letter. Names of signals, selector
   * keys and instrumentations are.
   */
  public static boolean isKebabCase(String name) {
    // By hand rather than a regular expression: this runs at start-up, on the main thread.
    if (name == null || name.isEmpty() || name.charAt(0) < 'a' || name.charAt(0) > 'z'
        || name.endsWith("-")) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean word = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
      if (!word && !(c == '-' && name.charAt(i - 1) != '-')) {
        return false;
      }
    }
    return true;
  }

  /** The selector key of the objectives file and the signal's name everywhere. */
  public String name() {
    return name;
  }

  /** The histogram's name, e.g. {@code http.client.request.duration}. */
  public String metricName() {
    return metricName;
  }

  /** The histogram's description, as exported. */
  public String description() {
    return description;
  }

  /** The default bucket boundaries in nanoseconds, ascending. */
  public long[] boundariesNanos() {
    return boundariesNanos.clone();
  }

  /** Selector key → endpoint attribute, in the order the keys are documented. */
  public Map<String, String> selectorKeys() {
    return keys;
  }

  /** Whether a selector value for {@code key} is compared ignoring case (host names, verbs). */
  public boolean ignoresCase(String key) {
    return ignoringCase.contains(key);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Signal)) {
      return false;
    }
    Signal s = (Signal) o;
    return name.equals(s.name) && metricName.equals(s.metricName)
        && description.equals(s.description) && Arrays.equals(boundariesNanos, s.boundariesNanos)
        && keys.equals(s.keys) && ignoringCase.equals(s.ignoringCase);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }

  /** Builds a {@link Signal}; the description, boundaries and at least one key are required. */
  public static final class Builder {
    private final String name;
    private final String metricName;
    private String description;
    private long[] boundariesNanos;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final Set<String> ignoringCase = new TreeSet<>();

    private Builder(String name, String metricName) {
      if (!isKebabCase(name)) {
        throw new IllegalArgumentException("a signal's name is kebab case, not " + name);
      }
      this.name = name;
      this.metricName = Objects.requireNonNull(metricName, "metricName");
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The default bucket boundaries, in seconds, ascending. */
    public Builder boundaries(double... seconds) {
      long[] nanos = new long[seconds.length];
      for (int i = 0; i < seconds.length; i++) {
        nanos[i] = Math.round(seconds[i] * 1e9);
        if (nanos[i] <= 0 || (i > 0 && nanos[i] <= nanos[i - 1])) {
          throw new IllegalArgumentException("boundaries must be positive and ascending: "
              + Arrays.toString(seconds));
        }
      }
      this.boundariesNanos = nanos;
      return this;
    }

    /**
     * A selector key of the objectives file and the endpoint attribute it matches; {@code
     * ignoreCase} for values whose case means nothing (host names, methods, verbs).
     */
    public Builder key(String key, String attribute, boolean ignoreCase) {
      if (!isKebabCase(key)) {
        throw new IllegalArgumentException("a selector key is kebab case, not " + key);
      }
      keys.put(key, Objects.requireNonNull(attribute, "attribute"));
      if (ignoreCase) {
        ignoringCase.add(key);
      }
      return this;
    }

    public Signal build() {
      if (description == null || boundariesNanos == null || keys.isEmpty()) {
        throw new IllegalStateException("signal " + name
            + " needs a description, boundaries and at least one selector key");
      }
      return new Signal(this);
    }
  }
}
