package io.sliagent.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void escapesWhatJsonRequiresAndWhatAPageWouldTakeForMarkup() {
    assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\u0001\"", string("a\"b\\c\n\r\t\u0001"));
    assertEquals("\"\\u003c/script\\u003e \\u0026amp;\"", string("</script> &amp;"));
    assertEquals("\"\\u2028\\u2029\"", string("\u2028\u2029"));
    // a valid pair passes as is, a lone surrogate (not valid UTF-8) is escaped
    assertEquals("\"\ud83d\ude00 \\ud83d\"", string("\ud83d\ude00 \ud83d"));
    assertEquals("\"é—ü\"", string("é—ü"));
  }

  @Test
  void writesObjectsArraysAndNumbersWithoutStrayCommas() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("k", "v");
    m.put("n", null);
    String out = new Json().begin('{').name("a").begin('[').value(1).value(0.5)
        .value(Double.NaN).value(Double.POSITIVE_INFINITY).end(']').name("m").object(m)
        .name("e").begin('[').end(']').end('}').toString();
    assertEquals("{\"a\":[1,0.5,null,null],\"m\":{\"k\":\"v\",\"n\":null},\"e\":[]}", out);
  }

  private static String string(String s) {
    StringBuilder b = new StringBuilder();
    Json.string(b, s);
    return b.toString();
  }
}
