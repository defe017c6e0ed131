package io.sliagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  @Test
  void agentArgumentBeatsPropertyBeatsEnvironmentBeatsDefault() {
    Map<String, String> env = Map.of("SLI_MAX_ENDPOINTS", "30", "SLI_SHUTDOWN_TIMEOUT", "5s",
        "SLI_DEBUG", "true");
    Map<String, String> props = Map.of("sli.max.endpoints", "20", "sli.shutdown.timeout", "4s");
    Settings s = Settings.of("max.endpoints=10", props, env);
    assertEquals(10, s.getInt("sli.max.endpoints", 1, 1, 100));
    assertEquals(4000, s.getMillis("sli.shutdown.timeout", 1));
    assertTrue(s.getBoolean("sli.debug", false));
    assertEquals("x", s.get("sli.absent", "x"));
  }

  @Test
  void badValuesNameTheSetting() {
    Settings s = Settings.of("max.endpoints=lots", Map.of("sli.enabled", "maybe"),
        Map.of("SLI_SHUTDOWN_TIMEOUT", "2 fortnights"));
    SettingException e = assertThrows(SettingException.class,
        () -> s.getInt("sli.max.endpoints", 1, 1, 100));
    assertEquals("agent argument max.endpoints=lots: expected a whole number from 1 to 100",
        e.getMessage());
    e = assertThrows(SettingException.class, () -> s.getBoolean("sli.enabled", true));
    assertEquals("system property sli.enabled=maybe: expected true or false", e.getMessage());
    e = assertThrows(SettingException.class, () -> s.getMillis("sli.shutdown.timeout", 1));
    assertTrue(e.getMessage().startsWith(
        "environment variable SLI_SHUTDOWN_TIMEOUT=2 fortnights: unknown unit"), e.getMessage());
  }

  @Test
  void agentArgumentsMustBePairs() {
    SettingException e = assertThrows(SettingException.class,
        () -> Settings.of("config", Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("'config' is not key=value"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"250ms, 250", "2s, 2000", "1.5s, 1500", "5m, 300000", "1h, 3600000",
      "28d, 2419200000", "750, 750"})
  void durations(String text, long millis) {
    assertEquals(millis, Durations.parseMillis(text));
  }
}
