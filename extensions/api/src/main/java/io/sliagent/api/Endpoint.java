package io.sliagent.api;

/** One measured endpoint of a signal, such as "GET inventory:443 /items/{id}". */
public interface Endpoint {

  /**
   * Records one completed call: its duration, the HTTP status it answered with (0 where there is
   * none) and the type of its error (an exception's class name or a failing status; null for a
   * success). Exact, lock-free and allocation-free after an outcome's first call.
   */
  void record(long nanos, int statusCode, String errorType);
}
