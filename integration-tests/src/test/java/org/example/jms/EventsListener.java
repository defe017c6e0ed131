package org.example.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * An application's listener (outside {@code io.sliagent}, whose classes the agent never changes)
 * that hands each message to another, as frameworks' adapters do; the inner one fails on the
 * first delivery of {@code b}.
 */
public final class EventsListener implements MessageListener {
  public final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  public final CountDownLatch done = new CountDownLatch(3);
  private final MessageListener inner = new InnerListener();

  @Override
  public void onMessage(Message message) {
    inner.onMessage(message);
  }

  private final class InnerListener implements MessageListener {
    @Override
    public void onMessage(Message message) {
      try {
        String text = ((TextMessage) message).getText();
        if (text.equals("b") && !message.getJMSRedelivered()) {
          seen.add("b failed");
          throw new IllegalStateException("a message whose processing fails");
        }
        seen.add(text);
        done.countDown();
      } catch (JMSException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
