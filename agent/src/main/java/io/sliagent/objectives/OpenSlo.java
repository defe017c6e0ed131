package io.sliagent.objectives;

import java.time.Duration;

/**
 * The OpenSLO v1 vocabulary shared by the reader (here) and the writer ({@code openslo}): the
 * annotations that carry what OpenSLO cannot say of an objective, and the one value form the two
 * must agree on. An SLO's indicator says what the agent measures and what counts as good:
 *
 * <pre>
 * sliagent.io/selector: http-client            # the objective's selector
 * sliagent.io/selector.host: payments.internal # one per criterion
 * sliagent.io/sli: latency                     # the SLI's type
 * sliagent.io/threshold: 250ms                 # latency, duration, queue-wait, freshness
 * </pre>
 *
 * and the SLO itself may name the objective its SLI belongs to ({@code sliagent.io/objective};
 * else its {@code metadata.name}), so several SLOs make one objective.
 */
public final class OpenSlo {

  /** The {@code apiVersion} of the documents read and written. */
  public static final String API_VERSION = "openslo/v1";
  /** The prefix of the agent's annotations: a DNS subdomain, as OpenSLO asks of a prefix. */
  public static final String PREFIX = "sliagent.io/";
  /** On an SLO: the objective (the file's {@code name}) whose SLI it is. */
  public static final String OBJECTIVE = PREFIX + "objective";
  /** On an indicator: the selector's kind ({@code http-client}, {@code jdbc}, ...). */
  public static final String SELECTOR = PREFIX + "selector";
  /** On an indicator: the SLI's type ({@code latency}, {@code success}, ...). */
  public static final String SLI = PREFIX + "sli";
  /** On an indicator: the SLI's threshold, a duration such as {@code 250ms}. */
  public static final String THRESHOLD = PREFIX + "threshold";

  private OpenSlo() {}

  /** The annotation of one selector criterion: {@code sliagent.io/selector.host}. */
  public static String criterion(String key) {
    return SELECTOR + "." + key;
  }

  /** A threshold as the objectives file writes it: {@code 250ms}, {@code 30m}, {@code 0.5ms}. */
  public static String duration(long nanos) {
    return Values.formatDuration(nanos);
  }

  /**
   * A rolling window as an OpenSLO duration shorthand ({@code 28d}, {@code 36h}, {@code 90m}),
   * or null when it is not a whole number of minutes, which OpenSLO cannot write.
   */
  public static String window(Duration window) {
    long minutes = window.toMinutes();
    if (!window.equals(Duration.ofMinutes(minutes))) {
      return null;
    }
    if (minutes % (24 * 60) == 0) {
      return minutes / (24 * 60) + "d";
    }
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
  }
}
