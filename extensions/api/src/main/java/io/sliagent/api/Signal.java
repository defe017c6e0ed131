package io.sliagent.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>A signal may also declare, per endpoint, further durations ({@link #measures}: the time a
 * task waited in a queue), counters ({@link #counters}: rejections) and gauges ({@link #gauges}:
 * a queue's length). A measure's name is also an SLI of the objectives file ({@code queue-wait:
 * { threshold: 100ms, target: 99% }}), judged like {@code latency}.
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

  /**
   * Tasks run by thread pools: {@code sli.executor.task.duration} (run time, {@code error.type}
   * when a task failed), the time each waited in the queue ({@link #QUEUE_WAIT}), rejections, and
   * the pool's queue length, active threads and size at each collection.
   */
  public static final Signal EXECUTOR = builder("executor", "sli.executor.task.duration")
      .description("Run time of tasks executed by a thread pool.")
      .boundaries(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60)
      .key("name", "executor.name", false)
      .measure("queue-wait", "sli.executor.queue.duration",
          "Time tasks waited in a thread pool's queue before they started.",
          0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60)
      .counter("rejections", "sli.executor.rejections", "{task}",
          "Tasks a thread pool rejected.")
      .gauge("queue-size", "sli.executor.queue.size", "{task}",
          "Tasks waiting in a thread pool's queue.")
      .gauge("active", "sli.executor.threads.active", "{thread}",
          "Threads of a thread pool running a task.")
      .gauge("pool-size", "sli.executor.threads.count", "{thread}",
          "Threads of a thread pool, busy or idle.")
      .build();

  /** The index of {@link #EXECUTOR}'s queue wait in its {@link #measures}. */
  public static final int QUEUE_WAIT = 0;

  /**
   * Messages processed by a consumer: {@code messaging.process.duration} (processing time,
   * {@code error.type} when it failed), and the age of each message when its processing started
   * ({@link #MESSAGE_AGE}) where the message carries the time it was sent.
   */
  public static final Signal CONSUMER = builder("consumer", "messaging.process.duration")
      .description("Duration of processing operation.")
      .boundaries(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)
      .key("system", "messaging.system", true)
      .key("destination", "messaging.destination.name", false)
      .key("group", "messaging.consumer.group.name", false)
      .measure("freshness", "sli.messaging.message.age",
          "Age of messages when their processing started.",
          0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600)
      .gauge("lag", "sli.messaging.consumer.lag", "{message}",
          "Messages of a partition of the destination not yet consumed by the consumer (group).")
      .build();

  /** The index of {@link #CONSUMER}'s message age in its {@link #measures}. */
  public static final int MESSAGE_AGE = 0;

  /**
   * Runs of jobs: {@code sli.job.duration} per run, {@code error.type} when it threw; {@code
   * job.name} is the method as the objectives file names it ({@code com.acme.Etl#run}), or
   * {@code Class#method} of a job found without naming it (Spring's {@code @Scheduled}).
   */
  public static final Signal JOB = builder("job", "sli.job.duration")
      .description("Duration of job runs.")
      .boundaries(0.1, 1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200, 21600, 86400)
      .key("method", "job.name", false)
      .build();

  private final String name;
  private final String metricName;
  private final String description;
  private final long[] boundariesNanos;
  private final Map<String, String> keys;
  private final Set<String> ignoringCase;
  private final List<Metric> measures;
  private final List<Metric> counters;
  private final List<Metric> gauges;

  private Signal(Builder b) {
    this.name = b.name;
    this.metricName = b.metricName;
    this.description = b.description;
    this.boundariesNanos = b.boundariesNanos.clone();
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(b.keys));
    this.ignoringCase = Collections.unmodifiableSet(new TreeSet<>(b.ignoringCase));
    this.measures = List.copyOf(b.measures);
    this.counters = List.copyOf(b.counters);
    this.gauges = List.copyOf(b.gauges);
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

  /**
   * Further durations recorded per endpoint ({@link Endpoint#recordMeasure}, by index in this
   * list), each exported as a histogram of its own and usable as an SLI under its name.
   */
  public List<Metric> measures() {
    return measures;
  }

  /** Counters per endpoint ({@link Endpoint#count}, by index in this list). */
  public List<Metric> counters() {
    return counters;
  }

  /** Gauges per endpoint ({@link Endpoint#observe}, by index in this list). */
  public List<Metric> gauges() {
    return gauges;
  }

  /** The measure named {@code name}, or null. */
  public Metric measure(String name) {
    for (Metric m : measures) {
      if (m.name.equals(name)) {
        return m;
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Signal)) {
      return false;
    }
    Signal s = (Signal) o;
    return name.equals(s.name) && metricName.equals(s.metricName)
        && description.equals(s.description) && Arrays.equals(boundariesNanos, s.boundariesNanos)
        && keys.equals(s.keys) && ignoringCase.equals(s.ignoringCase)
        && measures.equals(s.measures) && counters.equals(s.counters) && gauges.equals(s.gauges);
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
    private final List<Metric> measures = new ArrayList<>();
    private final List<Metric> counters = new ArrayList<>();
    private final List<Metric> gauges = new ArrayList<>();

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
      this.boundariesNanos = nanos(seconds);
      return this;
    }

    /**
     * A further duration per endpoint, exported as the histogram {@code metricName} (seconds,
     * with these default boundaries) and judged by an SLI of the same {@code name}.
     */
    public Builder measure(String name, String metricName, String description,
        double... boundaries) {
      measures.add(new Metric(checked(name), metricName, "s", description, nanos(boundaries)));
      return this;
    }

    /** A counter per endpoint, exported as the cumulative sum {@code metricName}. */
    public Builder counter(String name, String metricName, String unit, String description) {
      counters.add(new Metric(checked(name), metricName, unit, description, new long[0]));
      return this;
    }

    /** A gauge per endpoint, read at each collection. */
    public Builder gauge(String name, String metricName, String unit, String description) {
      gauges.add(new Metric(checked(name), metricName, unit, description, new long[0]));
      return this;
    }

    private String checked(String name) {
      if (!isKebabCase(name) || keys.containsKey(name) || findMeasure(name) != null
          || List.of("latency", "success", "retries", "name", "window").contains(name)) {
        throw new IllegalArgumentException("not a usable name for a metric of signal "
            + this.name + ": " + name);
      }
      return name;
    }

    private Metric findMeasure(String name) {
      for (Metric m : measures) {
        if (m.name.equals(name)) {
          return m;
        }
      }
      return null;
    }

    private static long[] nanos(double... seconds) {
      long[] nanos = new long[seconds.length];
      for (int i = 0; i < seconds.length; i++) {
        nanos[i] = Math.round(seconds[i] * 1e9);
        if (nanos[i] <= 0 || (i > 0 && nanos[i] <= nanos[i - 1])) {
          throw new IllegalArgumentException("boundaries must be positive and ascending: "
              + Arrays.toString(seconds));
        }
      }
      return nanos;
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

  /** One further metric of a signal's endpoints: a measure, a counter or a gauge. */
  public static final class Metric {
    private final String name;
    private final String metricName;
    private final String unit;
    private final String description;
    private final long[] boundariesNanos;

    Metric(String name, String metricName, String unit, String description,
        long[] boundariesNanos) {
      this.name = name;
      this.metricName = Objects.requireNonNull(metricName, "metricName");
      this.unit = Objects.requireNonNull(unit, "unit");
      this.description = Objects.requireNonNull(description, "description");
      this.boundariesNanos = boundariesNanos;
    }

    /** Its name in kebab case: a measure's is the objectives file's SLI key. */
    public String name() {
      return name;
    }

    /** The exported metric's name. */
    public String metricName() {
      return metricName;
    }

    /** The exported metric's unit ({@code s} for a measure). */
    public String unit() {
      return unit;
    }

    /** The exported metric's description. */
    public String description() {
      return description;
    }

    /** A measure's default bucket boundaries in nanoseconds; empty for the others. */
    public long[] boundariesNanos() {
      return boundariesNanos.clone();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Metric)) {
        return false;
      }
      Metric m = (Metric) o;
      return name.equals(m.name) && metricName.equals(m.metricName) && unit.equals(m.unit)
          && description.equals(m.description)
          && Arrays.equals(boundariesNanos, m.boundariesNanos);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
