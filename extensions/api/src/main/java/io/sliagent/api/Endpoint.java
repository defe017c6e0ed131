package io.sliagent.api;

/** One measured endpoint of a signal, such as "GET inventory:443 /items/{id}". */
public interface Endpoint {

  /**
   * Records one completed call: its duration, the HTTP status it answered with (0 where there is
   * none) and the type of its error (an exception's class name or a failing status; null for a
   * success). Exact, lock-free and allocation-free after an outcome's first call. A call made
   * while a retry loop on this thread is in a retry ({@link Retries}) counts as a retry.
   */
  default void record(long nanos, int statusCode, String errorType) {
    record(nanos, statusCode, errorType, 0);
  }

  /**
   * As {@link #record(long, int, String)}, for a call in which the client itself sent the
   * request again after a failed attempt {@code retries} times (a retry strategy, a resend on a
   * broken connection). Those attempts count in {@code sli.retries} and in a retries objective;
   * the call itself is one event of its latency and success.
   */
  void record(long nanos, int statusCode, String errorType, int retries);

  /**
   * Records one value of the signal's measure number {@code measure} ({@link Signal#measures}):
   * the time a task waited in its queue, say. Exact and allocation-free like {@link #record}.
   */
  void recordMeasure(int measure, long nanos);

  /** Adds {@code n} to the signal's counter number {@code counter} ({@link Signal#counters}). */
  void count(int counter, long n);

  /**
   * Adds a source of the signal's gauge number {@code gauge} ({@link Signal#gauges}), read on the
   * agent's export thread at each collection; the gauge's point is the sum of its sources. A
   * source that returns a negative value is gone (its object was collected) and is dropped.
   * Sources past about a thousand per gauge of an endpoint are ignored, so memory stays bounded.
   */
  default void observe(int gauge, java.util.function.LongSupplier source) {
    observe(gauge, EndpointAttributes.builder().build(), source);
  }

  /**
   * As {@link #observe(int, java.util.function.LongSupplier)}, for a source of one part of the
   * endpoint, such as one partition of a topic: the gauge has one point per distinct {@code
   * extra}, with the endpoint's attributes and {@code extra}'s after them (one of the same name
   * replaces the endpoint's), the sum of the sources observed with equal {@code extra}. None
   * (empty) is the endpoint's own point. A part's point is gone once all its sources are gone.
   * {@code extra} is kept: make it once per source.
   */
  void observe(int gauge, EndpointAttributes extra, java.util.function.LongSupplier source);
}
