package io.sliagent.export.http;

import io.sliagent.export.transport.Wire;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * One HTTP/1.1 connection (RFC 9112) carrying one exchange at a time: writes a prepared request,
 * reads the response's head and its body however it is framed (Content-Length, chunked, or until
 * the server closes), and says whether the connection can carry the next export.
 */
final class Http1Connection {
  private static final int MAX_LINE = 8 * 1024;
  private static final int MAX_HEAD = 64 * 1024;
  /** Interim (1xx) responses or trailer fields beyond these are a misbehaving server. */
  private static final int MAX_INTERIM = 10;
  private static final int MAX_TRAILERS = 100;

  private final Wire wire;
  private final InputStream in;
  private final OutputStream out;
  private volatile boolean usable = true;
  private boolean responseStarted;

  Http1Connection(Wire wire) throws IOException {
    this.wire = wire;
    this.in = new BufferedInputStream(wire.socket.getInputStream(), 8192);
    this.out = new BufferedOutputStream(wire.socket.getOutputStream(), 8192);
  }

  /**
   * Whether the next export can go on this connection. Bytes waiting on an idle connection (a
   * server's unsolicited 408 before it closes, a stray CRLF) would be read as that export's
   * response: such a connection is not reused.
   */
  boolean isUsable() {
    if (!usable || wire.isClosed()) {
      return false;
    }
    try {
      return in.available() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether any byte of the last exchange's response arrived: if not, the server saw nothing. */
  boolean responseStarted() {
    return responseStarted;
  }

  /** Sends the request and reads the final response; the connection is unusable after a throw. */
  Http1Response exchange(Http1Request request, long maxBodyBytes) throws IOException {
    responseStarted = false;
    try {
      try {
        out.write(request.head);
        out.write(request.body, 0, request.bodyLength);
        out.flush();
      } catch (IOException writeFailed) {
        return earlyResponse(maxBodyBytes, writeFailed);
      }
      return readFinalResponse(maxBodyBytes);
    } catch (Throwable e) {
      usable = false; // whatever went wrong, the rest of this response may still be unread
      throw e;
    }
  }

  /**
   * After a failed write: the response the server may have sent before it stopped reading. A
   * server refusing a large request (401, 413...) can answer and close without reading the rest,
   * and the close resets our writes; that answer is still in our receive buffer, and it is what
   * the exporter must see (the stock sender's HttpClient reads while writing and reports it),
   * rather than a "Connection reset" it would retry. The connection ends here either way.
   */
  private Http1Response earlyResponse(long maxBodyBytes, IOException writeFailed)
      throws IOException {
    usable = false;
    if (wire.isClosed()) {
      throw writeFailed; // closed by us (deadline, shutdown): nothing to read
    }
    try {
      return readFinalResponse(maxBodyBytes);
    } catch (IOException | RuntimeException readFailed) {
      if (responseStarted) {
        throw readFailed; // the server began to answer: its answer's failure is the one to report
      }
      writeFailed.addSuppressed(readFailed);
      throw writeFailed;
    } finally {
      close();
    }
  }

  private Http1Response readFinalResponse(long maxBodyBytes) throws IOException {
    for (int interim = 0; interim <= MAX_INTERIM; interim++) {
      Http1Response response = readResponse(maxBodyBytes);
      if (response != null) {
        return response;
      }
    }
    throw new ProtocolException("more than " + MAX_INTERIM + " interim responses");
  }

  /** Closes at once, from any thread: unblocks a reader or writer stuck on this connection. */
  void close() {
    usable = false;
    wire.close();
  }

  /** Reads one response; null for an interim (1xx) response, which a final one follows. */
  private Http1Response readResponse(long maxBodyBytes) throws IOException {
    String statusLine = readLine(true);
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12
        || statusLine.charAt(8) != ' '
        || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
      throw new ProtocolException("not an HTTP/1.x response: " + printable(statusLine));
    }
    boolean http10 = statusLine.charAt(7) == '0';
    int status = parseStatus(statusLine.substring(9, 12), statusLine);
    // The exporter logs the reason phrase: keep a server's control characters out of the log.
    String message = statusLine.length() > 13 ? printable(statusLine.substring(13).trim()) : "";

    long contentLength = -1;
    String transferEncoding = null;
    String contentEncoding = null;
    String retryAfter = null;
    boolean close = http10;
    int headBytes = statusLine.length();
    for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
      headBytes += line.length() + 2;
      if (headBytes > MAX_HEAD) {
        throw new ProtocolException("response head larger than " + MAX_HEAD + " bytes");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        // Not quoted: a header line can carry anything, and this message is logged.
        throw new ProtocolException("malformed response header line (" + line.length() + " bytes)");
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length":
          long length = parseLength(value);
          if (contentLength >= 0 && length != contentLength) {
            throw new ProtocolException("conflicting Content-Length headers");
          }
          contentLength = length;
          break;
        case "transfer-encoding":
          transferEncoding = value.toLowerCase(Locale.ROOT);
          break;
        case "content-encoding":
          contentEncoding = value.toLowerCase(Locale.ROOT);
          break;
        case "connection":
          String tokens = value.toLowerCase(Locale.ROOT);
          if (tokens.contains("close")) {
            close = true;
          } else if (http10 && tokens.contains("keep-alive")) {
            close = false;
          }
          break;
        case "retry-after":
          retryAfter = value;
          break;
        default:
          break;
      }
    }
    if (status >= 100 && status < 200) {
      if (status == 101) {
        throw new ProtocolException("unexpected 101 Switching Protocols");
      }
      return null;
    }
    byte[] body;
    if (status == 204 || status == 304) {
      body = new byte[0];
    } else if (transferEncoding != null) {
      // Transfer-Encoding overrides Content-Length; only a final "chunked" frames the body. With
      // both, or in HTTP/1.0, the framing is suspect: read it, then do not trust the connection
      // (RFC 9112 section 6.1).
      if (contentLength >= 0 || http10) {
        close = true;
      }
      if (transferEncoding.endsWith("chunked")) {
        body = readChunked(maxBodyBytes);
      } else {
        close = true;
        body = readUntilClose(maxBodyBytes);
      }
    } else if (contentLength >= 0) {
      body = readFixed(contentLength, maxBodyBytes);
    } else {
      close = true;
      body = readUntilClose(maxBodyBytes);
    }
    if (close) {
      close();
    }
    return new Http1Response(
        status, message, decode(body, contentEncoding, maxBodyBytes), retryAfterNanos(retryAfter));
  }

  private byte[] readFixed(long length, long max) throws IOException {
    if (length > max) {
      usable = false;
      throw tooLarge(max);
    }
    // Grows with what arrives, so a declared length costs nothing until the bytes are here.
    ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(length, 8192));
    byte[] buf = new byte[(int) Math.min(length, 8192)];
    long left = length;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(left, buf.length));
      if (n < 0) {
        throw new EOFException("connection closed after " + (length - left) + " of " + length
            + " body bytes");
      }
      body.write(buf, 0, n);
      left -= n;
    }
    return body.toByteArray();
  }

  private byte[] readChunked(long max) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(false);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
      long size;
      try {
        size = hex.isEmpty() || hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 0) {
        throw new ProtocolException("malformed chunk size: " + printable(sizeLine));
      }
      if (size == 0) {
        // Trailer fields, if any, up to the empty line; none of them matter to us.
        for (int trailers = 0; !readLine(false).isEmpty(); trailers++) {
          if (trailers == MAX_TRAILERS) {
            throw new ProtocolException("more than " + MAX_TRAILERS + " trailer fields");
          }
        }
        return body.toByteArray();
      }
      if (body.size() + size > max) {
        usable = false;
        throw tooLarge(max);
      }
      body.write(readFixed(size, max));
      if (!readLine(false).isEmpty()) {
        throw new ProtocolException("chunk not followed by CRLF");
      }
    }
  }

  private byte[] readUntilClose(long max) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) >= 0; ) {
      if (body.size() + n > max) {
        usable = false;
        throw tooLarge(max);
      }
      body.write(buf, 0, n);
    }
    usable = false;
    return body.toByteArray();
  }

  /** The body as the exporter expects it: gzip undone; encodings we cannot read refused. */
  private static byte[] decode(byte[] body, String encoding, long max) throws IOException {
    if (encoding == null || encoding.isEmpty() || encoding.equals("identity") || body.length == 0) {
      return body;
    }
    if (!encoding.equals("gzip") && !encoding.equals("x-gzip")) {
      throw new ResponseRejected("response body in an unsupported encoding: "
          + printable(encoding));
    }
    ByteArrayOutputStream decoded =
        new ByteArrayOutputStream((int) Math.min(max, Math.min(4L * body.length, 1 << 20)));
    try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(body))) {
      byte[] buf = new byte[8192];
      for (int n; (n = gzip.read(buf)) >= 0; ) {
        if (decoded.size() + n > max) {
          throw tooLarge(max);
        }
        decoded.write(buf, 0, n);
      }
    }
    return decoded.toByteArray();
  }

  /** Retry-After: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3); -1 when absent/bad. */
  static long retryAfterNanos(String value) {
    if (value == null || value.isEmpty()) {
      return -1;
    }
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? -1 : TimeUnit.SECONDS.toNanos(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Math.max(0, Duration.between(Instant.now(), at).toNanos());
      } catch (DateTimeParseException | ArithmeticException notDate) {
        return -1;
      }
    }
  }

  /**
   * Reads a line up to LF (a preceding CR dropped, a bare LF tolerated as RFC 9112 allows).
   * EOF before the first byte of a response means the server closed without answering.
   */
  private String readLine(boolean statusLine) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(
            statusLine && line.length() == 0 && !responseStarted
                ? "connection closed before a response"
                : "connection closed in the middle of a response");
      }
      responseStarted = true;
      if (line.length() >= MAX_LINE) {
        throw new ProtocolException("response line longer than " + MAX_LINE + " bytes");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      line.append((char) b); // ISO-8859-1, as HTTP/1.1 heads are read
    }
  }

  private static int parseStatus(String digits, String statusLine) throws ProtocolException {
    for (int i = 0; i < 3; i++) {
      if (!Character.isDigit(digits.charAt(i))) {
        throw new ProtocolException("malformed status line: " + printable(statusLine));
      }
    }
    return Integer.parseInt(digits);
  }

  private static long parseLength(String value) throws ProtocolException {
    try {
      long length = Long.parseLong(value);
      if (length >= 0 && length <= Integer.MAX_VALUE) {
        return length;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new ProtocolException("malformed Content-Length: " + printable(value));
  }

  private static ResponseRejected tooLarge(long max) {
    return new ResponseRejected("response body larger than " + max + " bytes");
  }

  /** A server's text in our errors: short and without control characters. */
  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.replaceAll("[\\p{Cntrl}]", "?");
  }
}
