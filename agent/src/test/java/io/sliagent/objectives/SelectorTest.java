package io.sliagent.objectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.api.Signal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorTest {

  private static final Map<String, String> CHARGE = Map.of(
      "server.address", "payments.internal",
      "server.port", "443",
      "http.request.method", "POST",
      "url.template", "/v1/charges/{id}");

  private static final Map<String, String> SELECT = Map.of(
      "db.system.name", "postgresql",
      "db.namespace", "Orders",
      "db.operation.name", "SELECT",
      "db.collection.name", "order_lines",
      "server.address", "db1.internal");

  @ParameterizedTest
  @CsvSource({
      "host, payments.internal, true",
      "host, PAYMENTS.Internal, true",
      "host, *.internal, true",
      "host, payments.*, true",
      "host, *, true",
      "host, *.external, false",
      "host, payments, false",
      "port, 443, true",
      "port, 44*, true",
      "port, 80, false",
      "method, post, true",
      "method, P*T, true",
      "method, GET, false",
      "path, /v1/*, true",
      "path, /v1/charges/{id}, true",
      "path, /V1/*, false",
      "path, /v1/*/{id}, true",
      "path, */charges/*, true",
      "path, /v1/charges, false",
      "path, /v1/charges/{id}/*, false",
      "path, **, true"})
  void httpClientCriteria(String key, String value, boolean matches) {
    assertEquals(matches, Selector.of(Signal.HTTP_CLIENT, Map.of(key, value)).matches(CHARGE));
  }

  @ParameterizedTest
  @CsvSource({
      "system, PostgreSQL, true",
      "database, Orders, true",
      "database, orders, false",
      "operation, select, true",
      "operation, SEL*, true",
      "table, order_*, true",
      "table, ORDER_LINES, false",
      "host, DB1.*, true"})
  void jdbcCriteria(String key, String value, boolean matches) {
    assertEquals(matches, Selector.of(Signal.DB_CLIENT, Map.of(key, value)).matches(SELECT));
  }

  @Test
  void everyCriterionMustHold() {
    Selector s = Selector.of(Signal.HTTP_CLIENT,
        Map.of("host", "payments.internal", "method", "POST", "path", "/v1/*"));
    assertTrue(s.matches(CHARGE));
    assertFalse(Selector.of(Signal.HTTP_CLIENT, Map.of("host", "payments.internal",
        "method", "GET")).matches(CHARGE));
  }

  @Test
  void anAbsentAttributeNeverMatches() {
    assertFalse(Selector.of(Signal.HTTP_CLIENT, Map.of("path", "*")).matches(
        Map.of("server.address", "payments.internal")));
    assertFalse(Selector.of(Signal.DB_CLIENT, Map.of("table", "*")).matches(Map.of()));
  }

  @Test
  void noCriteriaMatchesEveryEndpoint() {
    assertTrue(Selector.of(Signal.DB_CLIENT, Map.of()).matches(Map.of()));
  }

  @Test
  void unknownKeysAreRejected() {
    // Unknown kinds cannot be written any more: a selector is made from a Signal.
    assertThrows(IllegalArgumentException.class,
        () -> Selector.of(Signal.DB_CLIENT, Map.of("path", "/")));
  }

  @Test
  void manyWildcardsStayCheap() {
    String text = "a".repeat(10_000);
    assertFalse(Glob.matches("*a*a*a*a*a*a*a*a*a*b", text, false));
    assertTrue(Glob.matches("*a*a*a*a*a*a*a*a*a*", text, false));
    assertTrue(Glob.matches("", "", false));
    assertFalse(Glob.matches("", "a", false));
  }
}
