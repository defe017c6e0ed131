package io.sliagent.log.jul;

import io.sliagent.log.AgentLog;

/**
 * Stands in for {@code java.util.logging.Logger} in the shaded OpenTelemetry SDK and the OkHttp
 * it sends with. They log through java.util.logging; touching it during premain would fix the
 * JVM's LogManager before an application that installs its own ({@code
 * -Djava.util.logging.manager=...}, as JBoss/WildFly do) could. Relocated here, their warnings
 * reach the agent's own stderr voice instead, each said once and named for who said it; their
 * debug chatter is dropped unless {@code sli.debug} is on.
 */
public final class Logger {

  private final String name;
  /** Who is speaking: the SDK, or the OkHttp it sends with. */
  private final String source;

  private Logger(String name) {
    this.name = name;
    this.source = name != null && (name.contains("okhttp3.") || name.contains("okio."))
        ? "OkHttp (OTLP sender): " : "OpenTelemetry SDK: ";
  }

  public static Logger getLogger(String name) {
    return new Logger(name);
  }

  public boolean isLoggable(Level level) {
    return level.value >= Level.WARNING.value || AgentLog.isDebug();
  }

  public void log(Level level, String message) {
    log(level, message, null);
  }

  public void log(Level level, String message, Throwable thrown) {
    if (message != null && message.startsWith("Too many log messages")) {
      return; // the SDK's own throttling notice: we already say each kind once
    }
    if (level.value >= Level.WARNING.value) {
      // Keyed by logger and message: an exporter failing every minute is said once.
      // Numbers vary between otherwise identical messages ("Failed to export 3 metrics").
      String kind = message == null ? "" : message.replaceAll("[0-9]+", "#");
      AgentLog.errorOnce("otel." + name + "." + kind, source + message, thrown);
    } else if (AgentLog.isDebug()) {
      AgentLog.debug(source + message + (thrown == null ? "" : ": " + thrown));
    }
  }

  public void warning(String message) {
    log(Level.WARNING, message, null);
  }

  public void info(String message) {
    log(Level.INFO, message, null);
  }

  public void fine(String message) {
    log(Level.FINE, message, null);
  }
}
