package org.example.jms.javax;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageListener;
import javax.jms.TextMessage;

/**
 * {@link org.example.jms.Inbox} over {@code javax.jms}: a lambda and an anonymous class ({@code
 * Inbox$1}), 50 ms a message, failing the first delivery of a {@code fail*} message.
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
