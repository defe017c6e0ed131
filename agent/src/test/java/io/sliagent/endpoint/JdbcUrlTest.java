package io.sliagent.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "jdbc:postgresql://127.0.0.1:5432/orders?user=postgres&password=hunter2 | postgresql | orders | 127.0.0.1 | 5432",
    "jdbc:postgresql://db.internal/orders | postgresql | orders | db.internal | 5432",
    "jdbc:postgresql://u:pw@db.internal:6432/billing | postgresql | billing | db.internal | 6432",
    "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1 | h2 | shop | - | -1",
    "jdbc:h2:~/data/test | h2 | test | - | -1",
    "jdbc:h2:tcp://localhost:9092/~/sample | h2 | sample | localhost | 9092",
    "jdbc:mariadb://127.0.0.1:3306/test?password=x | mariadb | test | 127.0.0.1 | 3306",
    "jdbc:mysql://db:3307/app | mysql | app | db | 3307",
    "jdbc:mysql:replication://db1,db2/app | mysql | app | db1 | 3306",
    "jdbc:oracle:thin:@//ora.internal:1521/ORCLPDB1 | oracle.db | ORCLPDB1 | ora.internal | 1521",
    "jdbc:oracle:thin:@ora:1522:XE | oracle.db | XE | ora | 1522",
    "jdbc:sqlserver://sql.internal:1433;databaseName=sales;password=x | microsoft.sql_server | sales | sql.internal | 1433",
    "jdbc:sqlite:/var/data/app.db | sqlite | app.db | - | -1",
    "jdbc:hsqldb:mem:testdb | hsqldb | testdb | - | -1",
    "jdbc:derby:memory:demo;create=true | derby | demo | - | -1",
    "jdbc:p6spy:postgresql://h/db | postgresql | db | h | 5432",
    "not a url | other_sql | - | - | -1",
    "jdbc:db2://db2.internal:50000/SAMPLE:password=hunter2;user=u; | ibm.db2 | SAMPLE | db2.internal | 50000",
    "jdbc:mysql://address=(host=h)(port=3306)(password=hunter2)/app | mysql | app | - | -1",
  })
  void parses(String url, String system, String namespace, String host, int port) {
    JdbcUrl u = JdbcUrl.parse(url);
    assertEquals(system, u.system());
    assertEquals(namespace, u.namespace());
    assertEquals(host, u.host());
    assertEquals(port, u.port());
  }
}
