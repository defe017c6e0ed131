package io.sliagent.recording;

/**
 * The kinds of dependency call the agent measures, each exported as one OpenTelemetry
 * semantic-convention histogram with that convention's default bucket boundaries.
 */
public enum SignalKind {
  HTTP_CLIENT("http.client.request.duration", "Duration of HTTP client requests.",
      new double[] {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}),
  DB_CLIENT("db.client.operation.duration", "Duration of database client operations.",
      new double[] {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10});

  private final String metricName;
  private final String description;
  private final long[] boundariesNanos;

  SignalKind(String metricName, String description, double[] boundariesSeconds) {
    this.metricName = metricName;
    this.description = description;
    this.boundariesNanos = new long[boundariesSeconds.length];
    for (int i = 0; i < boundariesSeconds.length; i++) {
      boundariesNanos[i] = Math.round(boundariesSeconds[i] * 1e9);
    }
  }

  public String metricName() {
    return metricName;
  }

  public String description() {
    return description;
  }

  long[] defaultBoundariesNanos() {
    return boundariesNanos.clone();
  }
}
