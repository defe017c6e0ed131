package io.sliagent.objectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {

  private static final String EXPECTED_UNIT =
      ": expected a number with a unit (ms, s, m, h, d), e.g. 250ms";

  @ParameterizedTest
  @CsvSource({
      "250ms, 250000000",
      "1.5s, 1500000000",
      "0.1s, 100000000",
      "2m, 120000000000",
      "1h, 3600000000000",
      "28d, 2419200000000000",
      "0.5ms, 500000",
      "' 7d ', 604800000000000"})
  void validDurations(String text, long nanos) {
    assertEquals(nanos, Values.durationNanos(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "250     | bad duration '250'" + EXPECTED_UNIT,
      "250us   | bad duration '250us'" + EXPECTED_UNIT,
      "250 ms  | bad duration '250 ms'" + EXPECTED_UNIT,
      "250MS   | bad duration '250MS'" + EXPECTED_UNIT,
      "-5s     | bad duration '-5s'" + EXPECTED_UNIT,
      "1.s     | bad duration '1.s'" + EXPECTED_UNIT,
      "ms      | bad duration 'ms'" + EXPECTED_UNIT,
      "0s      | bad duration '0s': must be greater than 0",
      "0.0ms   | bad duration '0.0ms': must be greater than 0",
      "999999999d | bad duration '999999999d': must be at most 106751d"})
  void invalidDurations(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Values.durationNanos(text));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
      "99%, 0.99",
      "99.9%, 0.999",
      "99.95%, 0.9995",
      "0.5%, 0.005",
      "0.999, 0.999",
      "0.5, 0.5",
      ".9, 0.9",
      "' 99.5% ', 0.995"})
  void validTargets(String text, double fraction) {
    assertEquals(fraction, Values.target(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "100%    | target 100% is outside (0, 100%)",
      "0%      | target 0% is outside (0, 100%)",
      "150%    | target 150% is outside (0, 100%)",
      "1       | target 1 is outside (0, 100%)",
      "0       | target 0 is outside (0, 100%)",
      "99      | target 99 is outside (0, 100%) (did you mean 99%?)",
      "99.9    | target 99.9 is outside (0, 100%) (did you mean 99.9%?)",
      "100     | target 100 is outside (0, 100%)",
      "99.99999999999999999% | target 99.99999999999999999% is outside (0, 100%)",
      "-5%     | bad target '-5%': expected a percentage like 99.9% or a fraction like 0.999",
      "99.9 %  | bad target '99.9 %': expected a percentage like 99.9% or a fraction like 0.999",
      "high    | bad target 'high': expected a percentage like 99.9% or a fraction like 0.999"})
  void invalidTargets(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Values.target(text));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"28d", "7d", "1h", "90m", "2m", "30s", "250ms", "1500ms", "0.5ms"})
  void durationsFormatBackToTheirShortestForm(String text) {
    assertEquals(text, Values.formatDuration(Values.durationNanos(text)));
  }

  @ParameterizedTest
  @CsvSource({"99%", "99.9%", "99.95%", "50%", "0.1%"})
  void targetsFormatAsPercentages(String text) {
    assertEquals(text, Values.formatTarget(Values.target(text)));
  }

  @Test
  void tokensAreCutToFortyCharactersAndKeptOnOneLine() {
    assertEquals("a".repeat(40) + "...", Messages.token("a".repeat(41)));
    assertEquals("a?b", Messages.token("a\nb"));
  }
}
