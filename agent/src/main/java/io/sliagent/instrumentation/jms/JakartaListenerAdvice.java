package io.sliagent.instrumentation.jms;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import jakarta.jms.Destination;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code jakarta.jms.MessageListener.onMessage(Message)} implementations, and into
 * the method a dispatcher's calls of it go through ({@code Target.adviceAtCalls}; the message is
 * its first argument there too): a message's processing, its destination's name ({@code
 * temporary} for a temporary one) and the time it was sent (0 when the producer did not stamp
 * it).
 */
public final class JakartaListenerAdvice {

  private JakartaListenerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Argument(0) Message message,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) throws Exception {
    if (start == Bridge.NOT_ENTERED || start == Bridge.NESTED || message == null) {
      Bridge.exit(call, null, null, null, thrown, start);
      return;
    }
    Destination d = message.getJMSDestination();
    String name = d instanceof TemporaryQueue || d instanceof TemporaryTopic ? "temporary"
        : d instanceof Queue ? ((Queue) d).getQueueName()
        : d instanceof Topic ? ((Topic) d).getTopicName() : null;
    Bridge.exit(call, name, Long.valueOf(message.getJMSTimestamp()), Boolean.TRUE, thrown,
        start);
  }
}
