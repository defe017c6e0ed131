package io.sliagent.log.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoggerTest {

  @Test
  void warningsSayWhoSaidThemOnce() {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Logger okhttp = Logger.getLogger("io.sliagent.shaded.okhttp3.OkHttpClient");
      okhttp.log(Level.WARNING, "A connection to the collector was leaked 1 time");
      okhttp.log(Level.WARNING, "A connection to the collector was leaked 2 time");
      okhttp.log(Level.FINE, "chatter");
      Logger.getLogger("io.sliagent.shaded.otel.exporter.internal.http.HttpExporter")
          .log(Level.SEVERE, "Failed to export metrics. Server responded with HTTP status 503");
    } finally {
      System.setErr(saved);
    }
    String n = System.lineSeparator();
    assertEquals("[sli-agent] ERROR OkHttp (OTLP sender): A connection to the collector was"
        + " leaked 1 time" + n
        + "[sli-agent] ERROR OpenTelemetry SDK: Failed to export metrics. Server responded with"
        + " HTTP status 503" + n, captured.toString(StandardCharsets.UTF_8));
  }
}
