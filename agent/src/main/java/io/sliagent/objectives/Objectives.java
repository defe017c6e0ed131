package io.sliagent.objectives;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The contents of an objectives file: the valid objectives and the file-wide defaults. */
public final class Objectives {

  /** The rolling window when the file names none. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(28);

  /**
   * Objective keys a signal may not take as its selector name: the file's own words for other
   * things. Here rather than in the parser: read at premain, where loading the parser (and the
   * YAML classes its verification pulls in) would cost the application's main thread.
   */
  public static final List<String> RESERVED_KEYS = List.of("name", "window", Sli.LATENCY,
      Sli.SUCCESS, "freshness", "queue-wait", "duration", "retries");

  private static final Objectives NONE = new Objectives(null, DEFAULT_WINDOW, List.of());

  private final String service;
  private final Duration window;
  private final List<Objective> objectives;

  /** The contents of a file; {@code service} may be null. */
  public Objectives(String service, Duration window, List<Objective> objectives) {
    this.service = service;
    this.window = Objects.requireNonNull(window, "window");
    this.objectives = List.copyOf(objectives);
  }

  /** No file, or nothing usable in it: every SLI is still captured, without an SLO layer. */
  public static Objectives none() {
    return NONE;
  }

  /** The service name the file declares, or null to use {@code OTEL_SERVICE_NAME}. */
  public String service() {
    return service;
  }

  /** The file's default rolling window, already applied to objectives that declare none. */
  public Duration window() {
    return window;
  }

  /** The valid objectives, in file order. */
  public List<Objective> objectives() {
    return objectives;
  }

  @Override
  public String toString() {
    return "Objectives" + objectives;
  }
}
