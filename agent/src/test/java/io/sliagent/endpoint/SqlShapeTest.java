package io.sliagent.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlShapeTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "SELECT * FROM orders WHERE id = 42 | SELECT | orders",
    "select id from public.orders o join items i on i.o = o.id | SELECT | public.orders",
    "INSERT INTO sli_orders (id, note) VALUES (?, ?) | INSERT | sli_orders",
    "  update \"Orders\" set note = 'x' | UPDATE | Orders",
    "DELETE FROM `shop`.`items` WHERE a = 1 | DELETE | shop.items",
    "/* hint */ SELECT a FROM t | SELECT | t",
    "WITH recent AS (SELECT * FROM events) SELECT * FROM recent | SELECT | recent",
    "WITH x AS (SELECT 1) INSERT INTO audit SELECT * FROM x | INSERT | audit",
    "DROP TABLE IF EXISTS sli_orders | DROP | sli_orders",
    "CREATE TABLE IF NOT EXISTS t1 (id INT) | CREATE | t1",
    "CREATE TABLE sli_orders (id INT PRIMARY KEY) | CREATE | sli_orders",
    "TRUNCATE TABLE logs | TRUNCATE | logs",
    "MERGE INTO target USING src ON (1=1) | MERGE | target",
    "SELECT * FROM ONLY parent | SELECT | parent",
  })
  void readsOperationAndTable(String sql, String op, String table) {
    SqlShape s = SqlShape.of(sql);
    assertEquals(op, s.operation());
    assertEquals(table, s.table());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "SELECT 'from secret' | SELECT",
    "SELECT 'it''s from secret' AS x | SELECT",
    "SELECT $$from secret$$ | SELECT",
    "SELECT $tag$ from secret $tag$ | SELECT",
    "SELECT 1 | SELECT",
    "COMMIT | COMMIT",
  })
  void neverTakesATableFromALiteral(String sql, String op) {
    SqlShape s = SqlShape.of(sql);
    assertEquals(op, s.operation());
    assertNull(s.table());
  }

  @Test
  void skipsLineComments() {
    SqlShape s = SqlShape.of("-- from secret\nSELECT a FROM t");
    assertEquals("SELECT", s.operation());
    assertEquals("t", s.table());
  }

  @Test
  void unknownStatementsAreOther() {
    assertEquals("OTHER", SqlShape.of("secret-password-123").operation());
    assertEquals("OTHER", SqlShape.of("").operation());
    assertEquals("OTHER", SqlShape.of(null).operation());
    assertNull(SqlShape.of("secret-password-123").table());
  }

  @Test
  void unterminatedLiteralsAreSafe() {
    SqlShape s = SqlShape.of("SELECT * FROM t WHERE a = 'unterminated");
    assertEquals("t", s.table());
    assertNull(SqlShape.of("SELECT 'unterminated FROM secret").table());
  }
}
