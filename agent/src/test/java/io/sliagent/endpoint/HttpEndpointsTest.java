package io.sliagent.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.sliagent.api.Signal;
import io.sliagent.recording.Bindings;
import io.sliagent.recording.Endpoint;
import io.sliagent.recording.EndpointRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HttpEndpointsTest {

  private final EndpointRegistry registry =
      new EndpointRegistry(Signal.HTTP_CLIENT, 1000, Bindings.NONE);
  private final HttpEndpoints endpoints = new HttpEndpoints(registry);

  /** Ids of every kind, '@', long segments, cuts at MAX_LENGTH inside {id} or a segment. */
  static Stream<String> paths() {
    List<String> paths = new ArrayList<>(List.of("", "/", "//", "/health", "/items/42",
        "/items/42/", "/items/1042/fail", "/a//b/7", "items/42", "/api/v2/items/",
        "/v1/users/3f2b8c1e-9a4d-4e2b-8f3a-1c2d3e4f5a6b/orders",
        "/objects/507f1f77bcf86cd799439011",
        "/orders/deadbeef", "/orders/abcdefabcdefabcd", "/users/alice@corp.example/orders",
        "/hooks/AbCdEfGhIjKlMnOpQrStUvWx", "/files/abcdefghijklmnopqrstuvwxyzabcdefgh",
        "/internationalization/settings", "/items/{id}", "/caf\u00e9/42", "/\u65e5\u672c/7"));
    for (int pad = 245; pad <= 258; pad++) {
      paths.add("/" + "p".repeat(pad) + "/42/x"); // the cut lands before, in and after {id}
      paths.add("/1/" + "p".repeat(pad) + "/tail");
    }
    paths.add("/" + "a".repeat(4000));
    paths.add("/" + "ab/".repeat(200));
    return paths.stream();
  }

  @ParameterizedTest
  @MethodSource("paths")
  void aKnownEndpointIsFoundAgain(String path) {
    Endpoint first = (Endpoint) endpoints.endpoint("GET", "http", "api.example", -1, path);
    assertEquals(UrlTemplate.of(path),
        first.attributes().get(AttributeKey.stringKey(HttpEndpoints.TEMPLATE)));
    assertSame(first, endpoints.endpoint("GET", "http", "api.example", -1, path));
    assertEquals(1, registry.size());
  }

  /** A URL given as text names the endpoint java.net.URI would, and never keeps a secret. */
  @ParameterizedTest
  @MethodSource("urls")
  void aUrlAsTextNamesTheEndpointItsUriWould(String url) {
    java.net.URI uri = java.net.URI.create(url);
    assertSame(endpoints.endpoint("GET", uri), endpoints.endpoint("GET", url), url);
    assertEquals(1, registry.size());
  }

  static Stream<String> urls() {
    return Stream.of("http://api.example/items/42", "https://api.example", "http://API.Example:8080",
        "HTTP://api.example:8080/items/42?token=secret#frag", "https://user:pw@api.example/a",
        "http://api.example:80/items/7", "https://api.example:443/", "http://[::1]:9000/x/1",
        "http://[::1]/x/1", "http://api.example/?q=1", "http://api.example#top",
        "http://10.0.0.1:65535/p/3f2b8c1e-9a4d-4e2b-8f3a-1c2d3e4f5a6b",
        "http://u@api.example:81/a@b/42", "http://api.example/" + "seg/".repeat(80) + "7",
        "http://API.EXAMPLE/Items/ABC", "http://api.example/items/1042/fail/");
  }

  @Test
  void aHostBeyondAsciiIsLowerCasedAsAString() {
    Endpoint e = (Endpoint) endpoints.endpoint("GET", "http://H\u00C9TE.example/p/1");
    assertEquals("h\u00e9te.example",
        e.attributes().get(AttributeKey.stringKey(HttpEndpoints.ADDRESS)));
    assertSame(e, endpoints.endpoint("GET", "http://h\u00e9te.example/p/2"));
  }

  @Test
  void aUrlAsTextKeepsNoQueryUserInfoOrFragment() {
    Endpoint e = (Endpoint) endpoints.endpoint("POST",
        "https://alice:hunter2@pay.example:8443/charge/42?card=4111111111111111#x");
    String attributes = e.attributes().toString();
    for (String secret : List.of("alice", "hunter2", "4111", "card", "#x")) {
      assertTrue(!attributes.contains(secret), attributes);
    }
    assertEquals("pay.example", e.attributes().get(AttributeKey.stringKey(HttpEndpoints.ADDRESS)));
    assertEquals(8443L, e.attributes().get(AttributeKey.longKey(HttpEndpoints.PORT)));
    assertEquals("/charge/{id}",
        e.attributes().get(AttributeKey.stringKey(HttpEndpoints.TEMPLATE)));
  }

  @Test
  void theUrlHandlerRecordsStatusOrException() {
    io.sliagent.api.CallHandler h = endpoints.urlHandler();
    h.onExit("GET", "http://api.example/items/1", 503, null, 0, 1_000);
    h.onExit("GET", "http://api.example/items/2", null, new java.net.ConnectException(), 0, 10);
    h.onExit("GET", "http://api.example/items/3", 200, null, 0, 10);
    Endpoint e = (Endpoint) endpoints.endpoint("GET", "http://api.example/items/9");
    List<String> outcomes = new ArrayList<>();
    for (io.sliagent.recording.Series series : e.series()) {
      long n = 0;
      for (long c : series.bucketCounts()) {
        n += c;
      }
      outcomes.add(series.attributes().get(AttributeKey.longKey("http.response.status_code"))
          + " " + series.attributes().get(AttributeKey.stringKey("error.type")) + " x" + n);
    }
    assertEquals(List.of("503 503 x1", "null java.net.ConnectException x1", "200 null x1"),
        outcomes);
  }

  @Test
  void pathsShareAnEndpointExactlyWhenTheirTemplatesAreEqual() {
    io.sliagent.api.Endpoint item = endpoint("/items/42");
    assertSame(item, endpoint("/items/7"));
    assertSame(item, endpoint("/items/{id}"));
    assertSame(endpoint(null), endpoint(""));
    assertSame(endpoint(null), endpoint("/"));
    assertNotSame(item, endpoint("/items/42/"));
    assertNotSame(item, endpoint("/items"));
    assertNotSame(endpoint("/a//b/7"), endpoint("/a/b/7"));
    assertNotSame(endpoint("/orders/deadbeef"), endpoint("/orders/{id}"));
  }

  @Test
  void methodHostAndPortAreNormalised() {
    io.sliagent.api.Endpoint e = endpoints.endpoint("GET", "http", "api.example", 80, "/x");
    assertSame(e, endpoints.endpoint("get", "HTTP", "API.Example", -1, "/x"));
    assertNotSame(e, endpoints.endpoint("GET", "http", "api.example", 8080, "/x"));
    assertSame(endpoints.endpoint("GET", "https", "[::1]", -1, "/x"),
        endpoints.endpoint("GET", "https", "::1", 443, "/x"));
    assertSame(endpoints.endpoint("FOO", "http", null, -1, "/x"),
        endpoints.endpoint("BAR", "http", "", -1, "/x"));
  }

  /** Every stand-in hashes as, and equals exactly, the Keys of equal templates. */
  @Test
  void probeMatchesTheKeyOfEveryEqualTemplateAndNoOther() {
    SplittableRandom random = new SplittableRandom(5);
    String[] segments = {"", "items", "v1", "a", "deadbeef", "abcdefabcdefabcd", "{id}", "42",
        "7", "3f2b8c1e-9a4d-4e2b-8f3a-1c2d3e4f5a6b", "507f1f77bcf86cd799439011", "a@b",
        "AbCdEfGhIjKlMnOpQrStUvWx", "internationalization", "x".repeat(19), "x".repeat(20),
        "p".repeat(120), "q".repeat(300)};
    List<String> paths = paths().collect(Collectors.toList());
    for (int i = 0; i < 400; i++) {
      StringBuilder p = new StringBuilder(random.nextInt(4) == 0 ? "" : "/");
      for (int n = random.nextInt(7); n > 0; n--) {
        p.append(segments[random.nextInt(segments.length)]).append(n > 1 ? "/" : "");
      }
      paths.add(random.nextInt(5) == 0 ? p + "/" : p.toString());
    }
    List<HttpEndpoints.Key> keys = new ArrayList<>();
    for (String p : paths) {
      keys.add(new HttpEndpoints.Key("GET", "h", 80, UrlTemplate.of(p)));
    }
    HttpEndpoints.Probe probe = new HttpEndpoints.Probe();
    HttpEndpoints.Probe inText = new HttpEndpoints.Probe();
    for (String p : paths) {
      probe.set("GET", "h", 0, 1, 80, p);
      String url = "http://H:80" + p + "?q";
      inText.set("GET", url, 7, 8, 80, url, 11, 11 + p.length());
      HttpEndpoints.Key own = new HttpEndpoints.Key("GET", "h", 80, UrlTemplate.of(p));
      assertEquals(own.hashCode(), probe.hashCode(), p);
      assertEquals(own.template, probe.key().template, p);
      assertEquals(own.hashCode(), inText.hashCode(), p);
      assertEquals(own.template, inText.key().template, p);
      assertEquals("h", inText.key().host, p);
      assertTrue(inText.equals(own), p);
      for (HttpEndpoints.Key k : keys) {
        boolean same = own.template.equals(k.template);
        assertEquals(same, probe.equals(k), p + " vs " + k.template);
        assertEquals(same, k.equals(probe), p + " vs " + k.template);
      }
    }
  }

  @Test
  void aKnownEndpointIsFoundWithoutAllocating() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);
    String text = "https://User@API.example:8443/items/42?token=x";
    endpoint("/health");
    endpoint("/items/42");
    endpoints.endpoint("GET", text);
    int calls = 10_000;
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      endpoint("/health");
      endpoint("/items/42");
      endpoints.endpoint("GET", text); // a URL given as text is looked up in place
    }
    long bytes = threads.getThreadAllocatedBytes(thread) - before;
    assertTrue(bytes < calls, bytes + " bytes for " + 3 * calls + " lookups");
  }

  private io.sliagent.api.Endpoint endpoint(String path) {
    return endpoints.endpoint("GET", "http", "127.0.0.1", 8080, path);
  }
}
