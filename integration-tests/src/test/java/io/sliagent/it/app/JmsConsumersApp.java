package io.sliagent.it.app;

import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.example.jms.EventsListener;
import org.example.jms.Inbox;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * An application with an embedded ActiveMQ Artemis broker, consuming over {@code jakarta.jms},
 * printing what it did with each message (never timings):
 * <ul>
 *   <li>{@code sli-it-orders}, a receive loop in a transacted session: 3 messages sent 1.5 s
 *       before the loop starts, 2 just before; the third ({@code fail}) is rolled back once and
 *       committed when it comes again, the others committed: 6 receipts;
 *   <li>{@code sli-it-events}, a {@code MessageListener} ({@code org.example.jms.EventsListener}) that delegates
 *       to another: 3 messages, the second of which throws the first time (the provider delivers
 *       it again): 4 calls;
 *   <li>listeners no name test finds ({@code org.example.jms.Inbox}, 50 ms a message, the first
 *       delivery of a {@code fail*} message throws): a lambda on {@code sli-it-lambda} (4
 *       messages, 1 failing: 5 calls), an anonymous class on {@code sli-it-anonymous} (3, 2
 *       failing: 5 calls), and a lambda on a {@code JMSContext}'s consumer of {@code
 *       sli-it-context} (3, 1 failing: 4 calls);
 *   <li>a lambda in Spring's {@code DefaultMessageListenerContainer} on {@code sli-it-spring}, a
 *       transacted receive loop calling it (3 messages, 1 failing, rolled back: 4 calls).
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

      // Listeners no name test finds, measured where Artemis calls them.
      Inbox lambda = new Inbox(4);
      listen(connection, sending, "sli-it-lambda", lambda, lambda.lambda(),
          "l1", "fail-l2", "l3", "l4");
      Inbox anonymous = new Inbox(3);
      listen(connection, sending, "sli-it-anonymous", anonymous, anonymous.anonymous(),
          "a1", "fail-a2", "fail-a3");
      // JMS 2.0's simplified API wraps the listener in one of Artemis's own.
      Inbox context = new Inbox(3);
      try (JMSContext jms = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
        jms.createConsumer(jms.createQueue("sli-it-context")).setMessageListener(context.lambda());
        send(sending, "sli-it-context", "c1", "c2", "fail-c3");
        await(context, "sli-it-context");
      }
      System.out.println("context " + sorted(context.seen));

      // Spring's container: a transacted receive loop that calls the listener, and rolls back
      // when it throws.
      Inbox spring = new Inbox(3);
      DefaultMessageListenerContainer container = new DefaultMessageListenerContainer();
      container.setConnectionFactory(factory);
      container.setDestinationName("sli-it-spring");
      container.setSessionTransacted(true);
      container.setMessageListener(spring.lambda());
      container.afterPropertiesSet();
      container.start();
      send(sending, "sli-it-spring", "s1", "fail-s2", "s3");
      await(spring, "sli-it-spring");
      container.shutdown();
      System.out.println("spring " + sorted(spring.seen));
    } finally {
      broker.stop();
    }
    // Artemis's client threads are not daemons and idle for a minute before they end.
    System.exit(0);
  }

  private static void listen(Connection connection, Session sending, String queue, Inbox inbox,
      MessageListener listener, String... bodies) throws Exception {
    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    session.createConsumer(session.createQueue(queue)).setMessageListener(listener);
    send(sending, queue, bodies);
    await(inbox, queue);
    session.close();
    System.out.println(queue + " " + sorted(inbox.seen));
  }

  private static void send(Session sending, String queue, String... bodies) throws Exception {
    MessageProducer producer = sending.createProducer(sending.createQueue(queue));
    for (String body : bodies) {
      producer.send(sending.createTextMessage(body));
    }
    producer.close();
  }

  private static void await(Inbox inbox, String queue) throws InterruptedException {
    if (!inbox.done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(queue + " did not arrive: " + inbox.seen);
    }
  }

  private static List<String> sorted(List<String> seen) {
    synchronized (seen) {
      List<String> copy = new ArrayList<>(seen);
      Collections.sort(copy);
      return copy;
    }
  }
}
