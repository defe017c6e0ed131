package io.sliagent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentLogTest {

  @Test
  void whatAPeerSentCannotColourOrForgeALine() {
    assertEquals("status: ?[31mred?[0m, ?bidi?, bell?, del?",
        AgentLog.printable("status: \u001b[31mred\u001b[0m, \u202ebidi\u202c, bell\u0007, del\u007f"));
    assertEquals("Hostname not verified:\n    certificate: x\n    [sli-agent] INFO forged?",
        AgentLog.printable("Hostname not verified:\ncertificate: x\n[sli-agent] INFO forged\r"));
  }

  @Test
  void everyLineSaidGoesThroughIt() {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      AgentLog.error("export failed", new IllegalStateException("grpc-message: a\u001b]0;title\u0007b"));
    } finally {
      System.setErr(saved);
    }
    assertEquals("[sli-agent] ERROR export failed: java.lang.IllegalStateException:"
        + " grpc-message: a?]0;title?b" + System.lineSeparator(),
        captured.toString(StandardCharsets.UTF_8));
  }
}
