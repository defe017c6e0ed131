package io.sliagent.export.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Endpoint parsing, request headers and framing, grpc-timeout and grpc-message encodings. */
class GrpcWireFormatTest {

  @Test
  void endpointParsing() {
    GrpcEndpoint plain = GrpcEndpoint.of(URI.create("http://collector:4317"), TestSupport.METHOD);
    assertEquals("collector", plain.target.host);
    assertEquals(4317, plain.target.port);
    assertEquals("collector:4317", plain.target.authority);
    assertEquals("/" + TestSupport.METHOD, plain.path);

    GrpcEndpoint tls = GrpcEndpoint.of(URI.create("https://[::1]/ignored/path"), "/svc/M");
    assertEquals("::1", tls.target.host);
    assertEquals(443, tls.target.port);
    assertEquals("[::1]:443", tls.target.authority);
    assertEquals("/svc/M", tls.path);

    assertThrows(
        IllegalArgumentException.class, () -> GrpcEndpoint.of(URI.create("ftp://x:1"), "a/b"));
  }

  @Test
  void requestHeadersAndFraming() throws Exception {
    Map<String, List<String>> user = new LinkedHashMap<>();
    user.put("Authorization", Arrays.asList("Bearer x"));
    user.put("TE", Arrays.asList("gzip")); // reserved: dropped
    user.put("bad name", Arrays.asList("v")); // not a token: dropped
    user.put("x-multi", Arrays.asList("1", "2"));
    user.put("x-crlf", Arrays.asList("a\r\nb")); // invalid value: dropped
    GrpcRequest request =
        GrpcRequest.create(
            GrpcEndpoint.of(URI.create("http://h:1"), "svc/M"),
            null,
            user,
            TestSupport.writer(TestSupport.request("m")));

    long timeout = TimeUnit.SECONDS.toNanos(10);
    List<Map.Entry<String, String>> headers = request.headers(timeout);
    assertEquals(
        Arrays.asList(
            Hpack.header(":method", "POST"),
            Hpack.header(":scheme", "http"),
            Hpack.header(":path", "/svc/M"),
            Hpack.header(":authority", "h:1"),
            Hpack.header("content-type", "application/grpc"),
            Hpack.header("te", "trailers"),
            Hpack.header("grpc-accept-encoding", "identity,gzip"),
            Hpack.header("grpc-timeout", "10000000u"),
            Hpack.header("authorization", "Bearer x"),
            Hpack.header("x-multi", "1"),
            Hpack.header("x-multi", "2")),
        headers);
    assertEquals(8, request.userHeadersFrom(timeout));

    byte[] message = TestSupport.request("m").toByteArray();
    assertEquals(5 + message.length, request.body.length);
    assertEquals(0, request.body[0]);
    assertEquals(message.length, ScriptedHttp2Server.getInt(request.body, 1));
  }

  @Test
  void grpcTimeoutUsesAtMostEightDigits() {
    assertEquals("1n", GrpcRequest.formatTimeout(1));
    assertEquals("99999999n", GrpcRequest.formatTimeout(99_999_999L));
    assertEquals("100000u", GrpcRequest.formatTimeout(100_000_000L));
    assertEquals("10000000u", GrpcRequest.formatTimeout(TimeUnit.SECONDS.toNanos(10)));
    assertEquals("1000000m", GrpcRequest.formatTimeout(TimeUnit.SECONDS.toNanos(1000)));
    assertEquals("99999999S", GrpcRequest.formatTimeout(TimeUnit.SECONDS.toNanos(99_999_999L)));
    assertEquals("1666666M", GrpcRequest.formatTimeout(TimeUnit.SECONDS.toNanos(100_000_000L)));
    assertEquals("2562047H", GrpcRequest.formatTimeout(Long.MAX_VALUE));
  }

  @Test
  void grpcMessagePercentDecoding() {
    assertEquals("plain text", GrpcResponses.percentDecode("plain text"));
    assertEquals("not found", GrpcResponses.percentDecode("not%20found"));
    // UTF-8 "é" is %C3%A9.
    assertEquals("r\u00e9essayez", GrpcResponses.percentDecode("r%C3%A9essayez"));
    assertEquals("100%", GrpcResponses.percentDecode("100%25"));
    assertEquals("bad %zz", GrpcResponses.percentDecode("bad %zz"));
    assertEquals("trailing %4", GrpcResponses.percentDecode("trailing %4"));
  }

  @Test
  void httpStatusMapping() {
    assertEquals(GrpcStatusCode.INTERNAL, GrpcResponses.fromHttpStatus("400"));
    assertEquals(GrpcStatusCode.UNAUTHENTICATED, GrpcResponses.fromHttpStatus("401"));
    assertEquals(GrpcStatusCode.PERMISSION_DENIED, GrpcResponses.fromHttpStatus("403"));
    assertEquals(GrpcStatusCode.UNIMPLEMENTED, GrpcResponses.fromHttpStatus("404"));
    assertEquals(GrpcStatusCode.UNAVAILABLE, GrpcResponses.fromHttpStatus("429"));
    assertEquals(GrpcStatusCode.UNAVAILABLE, GrpcResponses.fromHttpStatus("502"));
    assertEquals(GrpcStatusCode.UNAVAILABLE, GrpcResponses.fromHttpStatus("503"));
    assertEquals(GrpcStatusCode.UNAVAILABLE, GrpcResponses.fromHttpStatus("504"));
    assertEquals(GrpcStatusCode.UNKNOWN, GrpcResponses.fromHttpStatus("500"));
    assertEquals(GrpcStatusCode.UNKNOWN, GrpcResponses.fromHttpStatus(null));
  }
}
