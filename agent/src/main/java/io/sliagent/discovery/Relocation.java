package io.sliagent.discovery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Rewrites the names an extension compiled against (ByteBuddy's {@code net.bytebuddy}) to the
 * agent's relocated copy, the way the shade plugin rewrote the agent's own classes: every
 * constant-pool string that holds the name, in internal ({@code net/bytebuddy/}) or binary
 * ({@code net.bytebuddy.}) form. Only the constant pool changes; nothing else in a class file
 * refers to its byte offsets, so the rest is copied as it is.
 */
final class Relocation {

  private final byte[][] from;
  private final byte[][] to;

  /** From package {@code from} to {@code to}, both binary names ({@code a.b}). */
  Relocation(String from, String to) {
    this.from = new byte[][] {ascii(from.replace('.', '/') + "/"), ascii(from + ".")};
    this.to = new byte[][] {ascii(to.replace('.', '/') + "/"), ascii(to + ".")};
  }

  boolean isIdentity() {
    return java.util.Arrays.equals(from[0], to[0]);
  }

  /**
   * The class file with every name rewritten.
   *
   * @throws IllegalArgumentException when it is not a class file
   */
  byte[] apply(byte[] classFile) {
    if (isIdentity()) {
      return classFile;
    }
    if (classFile.length < 10 || u4(classFile, 0) != 0xCAFEBABEL) {
      throw new IllegalArgumentException("not a class file");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(classFile.length + 256);
    out.write(classFile, 0, 10);
    int count = u2(classFile, 8);
    int p = 10;
    for (int i = 1; i < count; i++) {
      int tag = classFile[p] & 0xFF;
      int size;
      switch (tag) {
        case 1: // Utf8: the only entry whose text can hold a name
          int length = u2(classFile, p + 1);
          byte[] text = rewrite(classFile, p + 3, length);
          out.write(1);
          out.write(text.length >>> 8);
          out.write(text.length);
          out.write(text, 0, text.length);
          p += 3 + length;
          continue;
        case 7: case 8: case 16: case 19: case 20:
          size = 3;
          break;
        case 15:
          size = 4;
          break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
          size = 5;
          break;
        case 5: case 6:
          size = 9;
          i++; // takes two slots
          break;
        default:
          throw new IllegalArgumentException("unknown constant-pool tag " + tag);
      }
      out.write(classFile, p, size);
      p += size;
    }
    out.write(classFile, p, classFile.length - p);
    return out.toByteArray();
  }

  private byte[] rewrite(byte[] b, int start, int length) {
    ByteArrayOutputStream text = new ByteArrayOutputStream(length + 32);
    int end = start + length;
    int i = start;
    while (i < end) {
      int match = matchAt(b, i, start, end);
      if (match >= 0) {
        text.write(to[match], 0, to[match].length);
        i += from[match].length;
      } else {
        text.write(b[i++]);
      }
    }
    if (text.size() > 0xFFFF) {
      throw new IllegalArgumentException("a relocated name is longer than a class file allows");
    }
    return text.toByteArray();
  }

  private int matchAt(byte[] b, int i, int start, int end) {
    for (int m = 0; m < from.length; m++) {
      byte[] f = from[m];
      if (i + f.length > end) {
        continue;
      }
      boolean same = true;
      for (int k = 0; k < f.length && same; k++) {
        same = b[i + k] == f[k];
      }
      if (same && startsName(b, i, start)) {
        return m;
      }
    }
    return -1;
  }

  /**
   * Whether a name starts at {@code i}, not the tail of a longer one ({@code org/net/bytebuddy/}):
   * at the start of the text, after a descriptor's {@code L}, or after a character that no name
   * holds ({@code (}, {@code ;}, {@code <}, ...).
   */
  private static boolean startsName(byte[] b, int i, int start) {
    if (i == start) {
      return true;
    }
    int before = b[i - 1] & 0xFF;
    return before == 'L' || !(before == '/' || before == '.' || before >= 0x80
        || Character.isJavaIdentifierPart(before));
  }

  private static int u2(byte[] b, int p) {
    return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
  }

  private static long u4(byte[] b, int p) {
    return ((long) u2(b, p) << 16) | u2(b, p + 2);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
