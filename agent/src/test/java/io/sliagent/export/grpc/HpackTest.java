package io.sliagent.export.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HPACK decoder against RFC 7541 Appendix C, plus encoder round trips. */
class HpackTest {

  private static final String DATE_21 = "Mon, 21 Oct 2013 20:13:21 GMT";
  private static final String DATE_22 = "Mon, 21 Oct 2013 20:13:22 GMT";
  private static final String COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

  @Test
  void integerRepresentation_c1() {
    // C.1.1-C.1.3: 10 and 1337 with a 5-bit prefix, 42 with an 8-bit prefix.
    assertEquals("0a", encodeInt(5, 10));
    assertEquals("1f9a0a", encodeInt(5, 1337));
    assertEquals("2a", encodeInt(8, 42));
  }

  @Test
  void requestsWithoutHuffman_c3() throws Exception {
    Hpack.Decoder decoder = new Hpack.Decoder(4096, 1 << 20);
    assertRequests(
        decoder,
        "828684410f7777772e6578616d706c652e636f6d",
        "828684be58086e6f2d6361636865",
        "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565");
  }

  @Test
  void requestsWithHuffman_c4() throws Exception {
    Hpack.Decoder decoder = new Hpack.Decoder(4096, 1 << 20);
    assertRequests(
        decoder,
        "828684418cf1e3c2e5f23a6ba0ab90f4ff",
        "828684be5886a8eb10649cbf",
        "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf");
  }

  @Test
  void responsesWithEviction_c5() throws Exception {
    Hpack.Decoder decoder = new Hpack.Decoder(256, 1 << 20);
    assertResponses(
        decoder,
        "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d"
            + "546e1768747470733a2f2f7777772e6578616d706c652e636f6d",
        "4803333037c1c0bf",
        "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f"
            + "6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d3336"
            + "30303b2076657273696f6e3d31");
  }

  @Test
  void responsesWithHuffmanAndEviction_c6() throws Exception {
    Hpack.Decoder decoder = new Hpack.Decoder(256, 1 << 20);
    assertResponses(
        decoder,
        "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c7"
            + "8f0b97c8e9ae82ae43d3",
        "4883640effc1c0bf",
        "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335"
            + "dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007");
  }

  @Test
  void dynamicTableSizeUpdateEvictsAndIsBounded() throws Exception {
    Hpack.Decoder decoder = new Hpack.Decoder(4096, 1 << 20);
    decoder.decode(hex("828684410f7777772e6578616d706c652e636f6d"));
    assertEquals(1, decoder.dynamicTableEntries());
    // Size update to 0 (0x20) empties the table; a following indexed ref to 62 must then fail.
    assertEquals(headers(":method", "GET"), decoder.decode(hex("2082")));
    assertEquals(0, decoder.dynamicTableEntries());
    assertThrows(HpackException.class, () -> decoder.decode(hex("be")));
    // Above the advertised maximum (4097 = 0x3f e2 1f): rejected.
    assertThrows(HpackException.class, () -> decoder.decode(hex("3fe21f")));
    // Size update after a header field: rejected.
    assertThrows(HpackException.class, () -> decoder.decode(hex("8220")));
  }

  @Test
  void malformedBlocksAreRejected() {
    Hpack.Decoder decoder = new Hpack.Decoder(4096, 1 << 20);
    assertThrows(HpackException.class, () -> decoder.decode(hex("80"))); // index 0
    assertThrows(HpackException.class, () -> decoder.decode(hex("410f7777"))); // truncated
    // Huffman name 0x00: symbol "0" (00000) then padding 000, which is not all ones.
    assertThrows(HpackException.class, () -> decoder.decode(hex("008100"))); // bad padding
    assertThrows(HpackException.class, () -> decoder.decode(hex("1fffffffff0f"))); // overflow
  }

  @Test
  void encoderOutputDecodes() throws Exception {
    Hpack.Encoder encoder = new Hpack.Encoder();
    Hpack.Decoder decoder = new Hpack.Decoder(4096, 1 << 20);
    List<Map.Entry<String, String>> block = new ArrayList<>();
    block.add(Hpack.header(":method", "POST"));
    block.add(Hpack.header(":path", "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"));
    block.add(Hpack.header("content-type", "application/grpc"));
    block.add(Hpack.header("x-long", repeat('v', 300)));
    block.add(Hpack.header("authorization", "Bearer secret"));
    for (int i = 0; i < 2; i++) { // the second block has no leading size update
      byte[] encoded = encoder.encode(block, 4);
      assertEquals(block, decoder.decode(encoded, 0, encoded.length));
      assertEquals(0, decoder.dynamicTableEntries());
    }
  }

  private static void assertRequests(Hpack.Decoder decoder, String r1, String r2, String r3)
      throws HpackException {
    assertEquals(
        headers(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com"),
        decoder.decode(hex(r1)));
    assertEquals(57, decoder.dynamicTableSize());
    assertEquals(
        headers(
            ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com",
            "cache-control", "no-cache"),
        decoder.decode(hex(r2)));
    assertEquals(110, decoder.dynamicTableSize());
    assertEquals(
        headers(
            ":method", "GET", ":scheme", "https", ":path", "/index.html", ":authority",
            "www.example.com", "custom-key", "custom-value"),
        decoder.decode(hex(r3)));
    assertEquals(164, decoder.dynamicTableSize());
    assertEquals(3, decoder.dynamicTableEntries());
  }

  private static void assertResponses(Hpack.Decoder decoder, String r1, String r2, String r3)
      throws HpackException {
    assertEquals(
        headers(
            ":status", "302", "cache-control", "private", "date", DATE_21, "location",
            "https://www.example.com"),
        decoder.decode(hex(r1)));
    assertEquals(222, decoder.dynamicTableSize());
    assertEquals(4, decoder.dynamicTableEntries());
    // ":status 302" is evicted to make room for ":status 307".
    assertEquals(
        headers(
            ":status", "307", "cache-control", "private", "date", DATE_21, "location",
            "https://www.example.com"),
        decoder.decode(hex(r2)));
    assertEquals(222, decoder.dynamicTableSize());
    assertEquals(4, decoder.dynamicTableEntries());
    assertEquals(
        headers(
            ":status", "200", "cache-control", "private", "date", DATE_22, "location",
            "https://www.example.com", "content-encoding", "gzip", "set-cookie", COOKIE),
        decoder.decode(hex(r3)));
    assertEquals(215, decoder.dynamicTableSize());
    assertEquals(3, decoder.dynamicTableEntries());
  }

  private static List<Map.Entry<String, String>> headers(String... kv) {
    List<Map.Entry<String, String>> list = new ArrayList<>();
    for (int i = 0; i < kv.length; i += 2) {
      list.add(Hpack.header(kv[i], kv[i + 1]));
    }
    return list;
  }

  private static String encodeInt(int prefixBits, int value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Hpack.writeInt(out, 0, prefixBits, value);
    StringBuilder sb = new StringBuilder();
    for (byte b : out.toByteArray()) {
      sb.append(String.format("%02x", b & 0xff));
    }
    return sb.toString();
  }

  private static String repeat(char c, int n) {
    char[] chars = new char[n];
    Arrays.fill(chars, c);
    return new String(chars);
  }

  private static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
