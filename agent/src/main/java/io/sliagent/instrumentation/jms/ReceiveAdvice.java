package io.sliagent.instrumentation.jms;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import javax.jms.Destination;
import javax.jms.Message;
import javax.jms.Queue;
import javax.jms.TemporaryQueue;
import javax.jms.TemporaryTopic;
import javax.jms.Topic;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code receive()}, {@code receive(timeout)} and {@code receiveNoWait()} of {@code
 * javax.jms.MessageConsumer} implementations: entering one ends the processing of the message
 * the thread received before; a message returned starts the processing of that one.
 */
public final class ReceiveAdvice {

  private ReceiveAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call) {
    Bridge.event(call, null, null, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Return Message message) throws Exception {
    if (message == null) {
      Bridge.event(call, null, null, Boolean.FALSE);
      return;
    }
    Destination d = message.getJMSDestination();
    String name = d instanceof TemporaryQueue || d instanceof TemporaryTopic ? "temporary"
        : d instanceof Queue ? ((Queue) d).getQueueName()
        : d instanceof Topic ? ((Topic) d).getTopicName() : null;
    Bridge.event(call, name, Long.valueOf(message.getJMSTimestamp()), Boolean.TRUE);
  }
}
