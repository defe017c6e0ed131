package io.sliagent.export.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The wire format, byte for byte against protobuf-java's own encoder. */
class ProtoWriterTest {

  @Test
  void varintsOfEverySizeMatchProtobufJava() throws IOException {
    long[] values = {1, 127, 128, 16_383, 16_384, (1L << 21) - 1, 1L << 21, (1L << 28),
        (1L << 35) + 5, (1L << 56) + 1, Long.MAX_VALUE, -1L, Long.MIN_VALUE};
    ProtoWriter ours = new ProtoWriter(16);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    CodedOutputStream theirs = CodedOutputStream.newInstance(expected);
    for (long v : values) {
      ours.uint64(3, v);
      theirs.writeUInt64(3, v);
      ours.fixed64(4, v);
      theirs.writeFixed64(4, v);
    }
    theirs.flush();
    assertArrayEquals(expected.toByteArray(), ours.toByteArray());
  }

  @Test
  void nestedMessagesGetTheirLengthsInFrontAtEverySize() throws IOException {
    // Bodies whose length prefix takes 1, 2 and 3 bytes, nested two deep.
    for (int size : new int[] {0, 1, 127, 128, 300, 16_383, 16_384, 70_000}) {
      byte[] body = new byte[size];
      for (int i = 0; i < size; i++) {
        body[i] = (byte) i;
      }
      ProtoWriter ours = new ProtoWriter(16);
      int outer = ours.begin(1);
      ours.string(1, "x");
      int inner = ours.begin(2);
      ours.bytes(7, body);
      ours.end(inner);
      ours.dblPresent(3, 0.5);
      ours.end(outer);

      ByteArrayOutputStream innerBytes = new ByteArrayOutputStream();
      CodedOutputStream i = CodedOutputStream.newInstance(innerBytes);
      i.writeByteArray(7, body);
      i.flush();
      ByteArrayOutputStream outerBytes = new ByteArrayOutputStream();
      CodedOutputStream o = CodedOutputStream.newInstance(outerBytes);
      o.writeString(1, "x");
      o.writeByteArray(2, innerBytes.toByteArray());
      o.writeDouble(3, 0.5);
      o.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      CodedOutputStream a = CodedOutputStream.newInstance(all);
      a.writeByteArray(1, outerBytes.toByteArray());
      a.flush();
      assertArrayEquals(all.toByteArray(), ours.toByteArray(), "body of " + size + " bytes");
    }
  }

  @Test
  void zeroScalarsAreLeftOutUnlessPresenceMatters() {
    ProtoWriter w = new ProtoWriter(16);
    w.uint64(1, 0);
    w.fixed64(2, 0);
    w.dbl(3, 0.0);
    w.bool(4, false);
    w.string(5, "");
    w.string(6, null);
    assertEquals(0, w.size());
    w.dblPresent(3, 0.0);
    assertEquals(9, w.size());
    w.int64Present(7, 0);
    assertEquals(11, w.size());
    // Negative zero is not zero.
    w.dbl(3, -0.0);
    assertEquals(20, w.size());
  }
}
