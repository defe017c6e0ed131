package io.sliagent.export.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Retry-After as a server may send it (RFC 9110 section 10.2.3). */
class Http1ConnectionTest {

  private static String httpDate(ZonedDateTime at) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.withZoneSameInstant(ZoneOffset.UTC));
  }

  @Test
  void retryAfterInSeconds() {
    assertEquals(0, Http1Connection.retryAfterNanos("0"));
    assertEquals(TimeUnit.SECONDS.toNanos(120), Http1Connection.retryAfterNanos("120"));
  }

  @Test
  void retryAfterAsAFutureHttpDateIsTheTimeUntilThen() {
    long nanos = Http1Connection.retryAfterNanos(httpDate(ZonedDateTime.now().plusSeconds(60)));
    // The date has whole seconds: up to one second less, and a little time passes.
    assertTrue(nanos > TimeUnit.SECONDS.toNanos(55) && nanos <= TimeUnit.SECONDS.toNanos(60),
        nanos + " ns");
  }

  @Test
  void retryAfterAsAPastHttpDateIsNoDelay() {
    assertEquals(0, Http1Connection.retryAfterNanos("Sun, 06 Nov 1994 08:49:37 GMT"));
  }

  @Test
  void absentOrUnreadableRetryAfterIsMinusOne() {
    assertEquals(-1, Http1Connection.retryAfterNanos(null));
    assertEquals(-1, Http1Connection.retryAfterNanos(""));
    assertEquals(-1, Http1Connection.retryAfterNanos("soon"));
    assertEquals(-1, Http1Connection.retryAfterNanos("-5"));
    assertEquals(-1, Http1Connection.retryAfterNanos("1.5"));
    assertEquals(-1, Http1Connection.retryAfterNanos("Sun, 06 Nov 1994"));
  }
}
