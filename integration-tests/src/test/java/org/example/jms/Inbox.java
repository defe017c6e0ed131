package org.example.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * An application's listeners of the kinds no name test finds: a lambda (a hidden class, which no
 * agent can change) and an anonymous class ({@code Inbox$1}). Each takes 50 ms per message and
 * fails the first delivery of a message whose text starts with {@code fail} (the provider
 * delivers it again). The class's name is none the agent's JMS name test picks.
 */
public final class Inbox {
  public static final long WORK_MILLIS = 50;

  public final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  public final CountDownLatch done;

  public Inbox(int messages) {
    done = new CountDownLatch(messages);
  }

  /** A lambda; failures throw {@code IllegalStateException}. */
  public MessageListener lambda() {
    return message -> handle(message, () -> new IllegalStateException("lambda failed"));
  }

  /** An anonymous class; failures throw {@code IllegalArgumentException}. */
  public MessageListener anonymous() {
    return new MessageListener() {
      @Override
      public void onMessage(Message message) {
        handle(message, () -> new IllegalArgumentException("anonymous failed"));
      }
    };
  }

  private void handle(Message message, Supplier<RuntimeException> failure) {
    try {
      Thread.sleep(WORK_MILLIS);
      String text = ((TextMessage) message).getText();
      if (text.startsWith("fail") && !message.getJMSRedelivered()) {
        seen.add(text + " failed");
        throw failure.get();
      }
      seen.add(text);
      done.countDown();
    } catch (JMSException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
