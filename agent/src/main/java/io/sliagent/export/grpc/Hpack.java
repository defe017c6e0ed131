package io.sliagent.export.grpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HPACK header compression (RFC 7541).
 *
 * <p>The {@link Encoder} only emits literals without indexing, so it never needs to track a
 * dynamic table. The {@link Decoder} is complete (static table, dynamic table with eviction and
 * size updates, Huffman strings) because servers use all of it.
 *
 * <p>Header octets are mapped to Strings as ISO-8859-1 so that string length equals octet count
 * (the unit of dynamic-table accounting) and decoding is lossless.
 */
final class Hpack {

  /** Default SETTINGS_HEADER_TABLE_SIZE; we never advertise anything else. */
  static final int DEFAULT_TABLE_SIZE = 4096;

  /** RFC 7541 Appendix A; index 1 is STATIC_TABLE[0]. */
  private static final String[][] STATIC_TABLE = {
    {":authority", ""},
    {":method", "GET"},
    {":method", "POST"},
    {":path", "/"},
    {":path", "/index.html"},
    {":scheme", "http"},
    {":scheme", "https"},
    {":status", "200"},
    {":status", "204"},
    {":status", "206"},
    {":status", "304"},
    {":status", "400"},
    {":status", "404"},
    {":status", "500"},
    {"accept-charset", ""},
    {"accept-encoding", "gzip, deflate"},
    {"accept-language", ""},
    {"accept-ranges", ""},
    {"accept", ""},
    {"access-control-allow-origin", ""},
    {"age", ""},
    {"allow", ""},
    {"authorization", ""},
    {"cache-control", ""},
    {"content-disposition", ""},
    {"content-encoding", ""},
    {"content-language", ""},
    {"content-length", ""},
    {"content-location", ""},
    {"content-range", ""},
    {"content-type", ""},
    {"cookie", ""},
    {"date", ""},
    {"etag", ""},
    {"expect", ""},
    {"expires", ""},
    {"from", ""},
    {"host", ""},
    {"if-match", ""},
    {"if-modified-since", ""},
    {"if-none-match", ""},
    {"if-range", ""},
    {"if-unmodified-since", ""},
    {"last-modified", ""},
    {"link", ""},
    {"location", ""},
    {"max-forwards", ""},
    {"proxy-authenticate", ""},
    {"proxy-authorization", ""},
    {"range", ""},
    {"referer", ""},
    {"refresh", ""},
    {"retry-after", ""},
    {"server", ""},
    {"set-cookie", ""},
    {"strict-transport-security", ""},
    {"transfer-encoding", ""},
    {"user-agent", ""},
    {"vary", ""},
    {"via", ""},
    {"www-authenticate", ""},
  };

  /** Per-entry overhead in dynamic-table size accounting (RFC 7541 section 4.1). */
  private static final int ENTRY_OVERHEAD = 32;

  private Hpack() {}

  static Map.Entry<String, String> header(String name, String value) {
    return new AbstractMap.SimpleImmutableEntry<>(name, value);
  }

  /** Stateless encoder: every field is a literal that the peer must not add to its table. */
  static final class Encoder {
    private boolean firstBlock = true;

    /**
     * Encodes one header block. Fields from index {@code sensitiveFrom} on (the user-supplied ones,
     * which may carry credentials) use the "never indexed" form so that intermediaries do not
     * store them in their tables either.
     */
    byte[] encode(List<Map.Entry<String, String>> headers, int sensitiveFrom) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      if (firstBlock) {
        // We never insert into the peer's table, so pin its size to 0 once. This also satisfies
        // any later SETTINGS_HEADER_TABLE_SIZE reduction, which would otherwise require us to
        // emit a size update (RFC 7541 section 4.2).
        writeInt(out, 0x20, 5, 0);
        firstBlock = false;
      }
      for (int i = 0; i < headers.size(); i++) {
        Map.Entry<String, String> h = headers.get(i);
        int flags = i >= sensitiveFrom ? 0x10 : 0x00;
        int nameIndex = staticNameIndex(h.getKey());
        if (nameIndex > 0) {
          writeInt(out, flags, 4, nameIndex);
        } else {
          out.write(flags);
          writeString(out, h.getKey());
        }
        writeString(out, h.getValue());
      }
      return out.toByteArray();
    }

    private static int staticNameIndex(String name) {
      for (int i = 0; i < STATIC_TABLE.length; i++) {
        if (STATIC_TABLE[i][0].equals(name)) {
          return i + 1;
        }
      }
      return 0;
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
      // UTF-8 keeps non-ASCII values intact instead of silently replacing them with '?'.
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      writeInt(out, 0x00, 7, bytes.length); // H bit clear: raw octets
      out.write(bytes, 0, bytes.length);
    }
  }

  /** Writes an integer with an N-bit prefix (RFC 7541 section 5.1). */
  static void writeInt(ByteArrayOutputStream out, int firstByteFlags, int prefixBits, int value) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out.write(firstByteFlags | value);
      return;
    }
    out.write(firstByteFlags | max);
    value -= max;
    while (value >= 0x80) {
      out.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }

  /** Stateful decoder; one per connection, used only by the connection's reader thread. */
  static final class Decoder {
    /** Upper bound we advertised (SETTINGS_HEADER_TABLE_SIZE); size updates may not exceed it. */
    private final int maxAllowedTableSize;

    /** Guards against a peer that sends huge header lists. */
    private final int maxHeaderListSize;

    private int maxTableSize;
    private int tableSize;
    /** Dynamic table, oldest entry first; dynamic index 1 is the last element. */
    private final List<String[]> table = new ArrayList<>();

    private byte[] buf;
    private int pos;
    private int end;

    Decoder(int maxAllowedTableSize, int maxHeaderListSize) {
      this.maxAllowedTableSize = maxAllowedTableSize;
      this.maxTableSize = maxAllowedTableSize;
      this.maxHeaderListSize = maxHeaderListSize;
    }

    /** Number of entries in the dynamic table (for tests). */
    int dynamicTableEntries() {
      return table.size();
    }

    /** Current dynamic table size in octets, including per-entry overhead (for tests). */
    int dynamicTableSize() {
      return tableSize;
    }

    List<Map.Entry<String, String>> decode(byte[] block) throws HpackException {
      return decode(block, 0, block.length);
    }

    List<Map.Entry<String, String>> decode(byte[] block, int off, int len) throws HpackException {
      this.buf = block;
      this.pos = off;
      this.end = off + len;
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      long listSize = 0;
      boolean fieldSeen = false;
      try {
        while (pos < end) {
          int b = buf[pos] & 0xff;
          String[] field;
          if ((b & 0x80) != 0) {
            // Indexed header field (6.1)
            field = lookup(readInt(7));
          } else if ((b & 0xc0) == 0x40) {
            // Literal with incremental indexing (6.2.1)
            field = readLiteral(6);
            add(field);
          } else if ((b & 0xe0) == 0x20) {
            // Dynamic table size update (6.3): only legal before the first field of a block
            if (fieldSeen) {
              throw new HpackException("dynamic table size update after header field");
            }
            int newSize = readInt(5);
            if (newSize > maxAllowedTableSize) {
              throw new HpackException("dynamic table size update above advertised limit");
            }
            maxTableSize = newSize;
            evict(0);
            continue;
          } else {
            // Literal without indexing (0000) or never indexed (0001) (6.2.2, 6.2.3)
            field = readLiteral(4);
          }
          fieldSeen = true;
          listSize += field[0].length() + field[1].length() + ENTRY_OVERHEAD;
          if (listSize > maxHeaderListSize) {
            throw new HpackException("header list too large");
          }
          headers.add(header(field[0], field[1]));
        }
      } finally {
        this.buf = null;
      }
      return headers;
    }

    private String[] readLiteral(int prefixBits) throws HpackException {
      int index = readInt(prefixBits);
      String name = index == 0 ? readString() : lookup(index)[0];
      String value = readString();
      return new String[] {name, value};
    }

    private String[] lookup(int index) throws HpackException {
      if (index <= 0) {
        throw new HpackException("invalid header index 0");
      }
      if (index <= STATIC_TABLE.length) {
        return STATIC_TABLE[index - 1];
      }
      int dynamicIndex = index - STATIC_TABLE.length;
      if (dynamicIndex > table.size()) {
        throw new HpackException("header index out of range");
      }
      return table.get(table.size() - dynamicIndex);
    }

    private void add(String[] field) {
      int size = field[0].length() + field[1].length() + ENTRY_OVERHEAD;
      if (size > maxTableSize) {
        // An entry larger than the table empties it and is not added (4.4).
        table.clear();
        tableSize = 0;
        return;
      }
      evict(size);
      table.add(field);
      tableSize += size;
    }

    /** Evicts oldest entries until {@code incoming} more octets fit. */
    private void evict(int incoming) {
      while (tableSize + incoming > maxTableSize && !table.isEmpty()) {
        String[] oldest = table.remove(0);
        tableSize -= oldest[0].length() + oldest[1].length() + ENTRY_OVERHEAD;
      }
    }

    private int readInt(int prefixBits) throws HpackException {
      int max = (1 << prefixBits) - 1;
      int value = next() & max;
      if (value < max) {
        return value;
      }
      long result = value;
      int shift = 0;
      int b;
      do {
        b = next();
        result += (long) (b & 0x7f) << shift;
        shift += 7;
        if (result > Integer.MAX_VALUE || shift > 35) {
          throw new HpackException("HPACK integer overflow");
        }
      } while ((b & 0x80) != 0);
      return (int) result;
    }

    private String readString() throws HpackException {
      if (pos >= end) {
        throw new HpackException("truncated HPACK block");
      }
      boolean huffman = (buf[pos] & 0x80) != 0;
      int len = readInt(7);
      int start = pos;
      if (len > end - pos) {
        throw new HpackException("truncated HPACK string");
      }
      pos += len;
      if (huffman) {
        byte[] decoded = HpackHuffman.decode(buf, start, len);
        return new String(decoded, StandardCharsets.ISO_8859_1);
      }
      return new String(buf, start, len, StandardCharsets.ISO_8859_1);
    }

    private int next() throws HpackException {
      if (pos >= end) {
        throw new HpackException("truncated HPACK block");
      }
      return buf[pos++] & 0xff;
    }
  }
}
