package io.sliagent.it.app;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.example.jms.EventsListener;

/**
 * An application with an embedded ActiveMQ Artemis broker, consuming over {@code jakarta.jms},
 * printing what it did with each message (never timings):
 * <ul>
 *   <li>{@code sli-it-orders}, a receive loop in a transacted session: 3 messages sent 1.5 s
 *       before the loop starts, 2 just before; the third ({@code fail}) is rolled back once and
 *       committed when it comes again, the others committed: 6 receipts;
 *   <li>{@code sli-it-events}, a {@code MessageListener} ({@code org.example.jms.EventsListener}) that delegates
 *       to another: 3 messages, the second of which throws the first time (the provider delivers
 *       it again): 4 calls.
 * </ul>
 */
public final class JmsConsumersApp {

  public static void main(String[] args) throws Exception {
    EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
    broker.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false)
        .setSecurityEnabled(false).addAcceptorConfiguration("in-vm", "vm://0"));
    broker.start();
    try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://0");
        Connection connection = factory.createConnection()) {
      connection.start();
      Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Queue orders = sending.createQueue("sli-it-orders");
      MessageProducer toOrders = sending.createProducer(orders);
      for (String body : List.of("ok", "ok", "fail")) {
        toOrders.send(sending.createTextMessage(body));
      }
      Thread.sleep(1500);
      for (String body : List.of("ok", "ok")) {
        toOrders.send(sending.createTextMessage(body));
      }

      Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
      MessageConsumer loop = tx.createConsumer(orders);
      List<String> done = new ArrayList<>();
      while (done.size() < 6) {
        TextMessage m = (TextMessage) loop.receive(10_000);
        if (m == null) {
          throw new IllegalStateException("orders did not arrive");
        }
        if (m.getText().equals("fail") && !m.getJMSRedelivered()) {
          tx.rollback();
          done.add("rolled back");
        } else {
          tx.commit();
          done.add(m.getText());
        }
      }
      loop.close();
      System.out.println("orders " + done);

      Queue events = sending.createQueue("sli-it-events");
      Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      EventsListener listener = new EventsListener();
      listening.createConsumer(events).setMessageListener(listener);
      MessageProducer toEvents = sending.createProducer(events);
      for (String body : List.of("a", "b", "c")) {
        toEvents.send(sending.createTextMessage(body));
      }
      if (!listener.done.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("events did not arrive");
      }
      listening.close();
      System.out.println("events " + listener.seen);
    } finally {
      broker.stop();
    }
    // Artemis's client threads are not daemons and idle for a minute before they end.
    System.exit(0);
  }
}
