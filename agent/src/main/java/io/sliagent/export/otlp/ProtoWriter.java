package io.sliagent.export.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protobuf wire format, written into one growable array: varints, fixed64, strings, packed
 * repeated fields and nested messages. A nested message is written in place and its length put in
 * front of it when it ends (the body moves right by the length's few bytes), so nothing is sized
 * twice and no tree of objects is built. Zero scalars are left out, as proto3 does.
 */
public final class ProtoWriter {

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;

  private byte[] buf;
  private int pos;

  public ProtoWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Starts again from empty, keeping the array. */
  public void reset() {
    pos = 0;
  }

  public int size() {
    return pos;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  /** Opens a nested message in {@code field}; pass what it returns to {@link #end}. */
  public int begin(int field) {
    tag(field, LENGTH_DELIMITED);
    return pos;
  }

  /** Closes the message {@link #begin} opened: its length goes in front of its body. */
  public void end(int mark) {
    int length = pos - mark;
    int prefix = varintSize(length);
    ensure(prefix);
    System.arraycopy(buf, mark, buf, mark + prefix, length);
    int end = pos + prefix;
    pos = mark;
    rawVarint(length);
    pos = end;
  }

  public void string(int field, String value) {
    if (value != null && !value.isEmpty()) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A string or bytes field, even when empty. */
  public void bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    rawVarint(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, buf, pos, value.length);
    pos += value.length;
  }

  public void uint64(int field, long value) {
    if (value != 0) {
      tag(field, VARINT);
      rawVarint(value);
    }
  }

  /** A varint field written even when zero: a member of a oneof, whose presence is its meaning. */
  public void int64Present(int field, long value) {
    tag(field, VARINT);
    rawVarint(value);
  }

  public void bool(int field, boolean value) {
    if (value) {
      tag(field, VARINT);
      rawVarint(1);
    }
  }

  public void fixed64(int field, long value) {
    if (value != 0) {
      fixed64Present(field, value);
    }
  }

  /** A fixed64 or sfixed64 field written even when zero (oneof members, proto3 optionals). */
  public void fixed64Present(int field, long value) {
    tag(field, FIXED64);
    rawFixed64(value);
  }

  public void dbl(int field, double value) {
    if (Double.doubleToRawLongBits(value) != 0) {
      fixed64Present(field, Double.doubleToRawLongBits(value));
    }
  }

  /** A double field written even when zero (oneof members, proto3 optionals). */
  public void dblPresent(int field, double value) {
    fixed64Present(field, Double.doubleToRawLongBits(value));
  }

  /** A packed repeated fixed64 field. */
  public void packedFixed64(int field, long[] values) {
    if (!packed(field, values.length)) {
      return;
    }
    for (long v : values) {
      rawFixed64(v);
    }
  }

  /** A packed repeated double field of {@code values[i] / divisor}. */
  public void packedDoubles(int field, long[] values, double divisor) {
    if (!packed(field, values.length)) {
      return;
    }
    for (long v : values) {
      rawFixed64(Double.doubleToRawLongBits(v / divisor));
    }
  }

  /** The head of a packed field of {@code count} 8-byte values; false (nothing written) if none. */
  private boolean packed(int field, int count) {
    if (count == 0) {
      return false;
    }
    tag(field, LENGTH_DELIMITED);
    rawVarint(8L * count);
    ensure(8 * count);
    return true;
  }

  private void tag(int field, int wireType) {
    rawVarint(((long) field << 3) | wireType);
  }

  private void rawVarint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[pos++] = (byte) value;
  }

  private void rawFixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (value >>> (8 * i));
    }
  }

  private void ensure(int more) {
    if (buf.length - pos < more) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  static int varintSize(long value) {
    int n = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }
}
