package io.sliagent.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sliagent.config.Settings;
import io.sliagent.recording.Recording;
import io.sliagent.slo.SloEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings that ask for the page: off unless a port is given, a bad one said and skipped. */
class StatusServerTest {

  final SloEngine slo = new SloEngine(System::currentTimeMillis);
  final Recording recording = new Recording(10, slo);

  @Test
  void offUnlessAPortIsGiven() {
    assertEquals("", stderrOf(() -> assertNull(server(Map.of()))));
    assertNotNull(server(Map.of("sli.status.port", "9465")));
    assertNotNull(server(Map.of("sli.status.port", "0", "sli.status.host", "::1")));
  }

  @Test
  void aBadPortIsOneErrorNamingTheSettingAndNoPage() {
    assertEquals("[sli-agent] ERROR system property sli.status.port=http: expected a whole"
        + " number from 0 to 65535; no status page\n",
        stderrOf(() -> assertNull(server(Map.of("sli.status.port", "http")))));
    assertEquals("[sli-agent] ERROR system property sli.status.port=70000: expected a whole"
        + " number from 0 to 65535; no status page\n",
        stderrOf(() -> assertNull(server(Map.of("sli.status.port", "70000")))));
  }

  private StatusServer server(Map<String, String> properties) {
    return StatusServer.fromSettings(Settings.of(null, properties, Map.of()), slo, recording);
  }

  private static String stderrOf(Runnable r) {
    PrintStream err = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(err);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
