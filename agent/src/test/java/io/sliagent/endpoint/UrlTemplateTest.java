package io.sliagent.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlTemplateTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/items/1042/fail, /items/{id}/fail",
    "/items/1042, /items/{id}",
    "/v1/charges/ch_1, /v1/charges/ch_1",
    "/v1/users/3f2b8c1e-9a4d-4e2b-8f3a-1c2d3e4f5a6b/orders, /v1/users/{id}/orders",
    "/objects/507f1f77bcf86cd799439011, /objects/{id}",
    "/tokens/AbCdEf123456GhIjKl, /tokens/{id}",
    "/health, /health",
    "/, /",
    "'', /",
    "/a//b/7, /a//b/{id}",
    "/api/v2/items/, /api/v2/items/",
    "/users/alice@corp.example/orders, /users/{id}/orders",
    "/hooks/AbCdEfGhIjKlMnOpQrStUvWx, /hooks/{id}",
    "/files/abcdefghijklmnopqrstuvwxyzabcdefgh, /files/{id}",
    "/internationalization/settings, /internationalization/settings",
  })
  void replacesIdsWithPlaceholders(String raw, String expected) {
    assertEquals(expected, UrlTemplate.of(raw));
  }

  @ParameterizedTest
  @CsvSource({"/orders/deadbeef", "/v2", "/files/report-2024", "/status/ok"})
  void keepsWordsAndShortTokens(String raw) {
    assertEquals(raw, UrlTemplate.of(raw));
  }

  @ParameterizedTest
  @CsvSource({"4000", "100000"})
  void capsLength(int length) {
    String raw = "/" + "a".repeat(length);
    assertTrue(UrlTemplate.of(raw).length() <= UrlTemplate.MAX_LENGTH);
  }
}
