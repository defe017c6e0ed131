package io.sliagent.it.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.MessageListener;
import javax.jms.MessageProducer;
import javax.jms.Session;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.example.jms.javax.Inbox;

/**
 * {@link JmsConsumersApp}'s lambda and anonymous listeners over {@code javax.jms}, on Artemis's
 * javax client (which the test puts first on the class path): {@code sli-it-javax-lambda} (4
 * messages, 1 failing: 5 calls) and {@code sli-it-javax-anonymous} (3, 2 failing: 5 calls).
 */
public final class JmsJavaxApp {

  public static void main(String[] args) throws Exception {
    EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
    broker.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false)
        .setSecurityEnabled(false).addAcceptorConfiguration("in-vm", "vm://0"));
    broker.start();
    // By name: the class the tests compile against is the jakarta client's, of the same name.
    ConnectionFactory factory = (ConnectionFactory) Class.forName(
            "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory")
        .getConstructor(String.class).newInstance("vm://0");
    try (Connection connection = factory.createConnection()) {
      connection.start();
      Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Inbox lambda = new Inbox(4);
      listen(connection, sending, "sli-it-javax-lambda", lambda, lambda.lambda(),
          "l1", "fail-l2", "l3", "l4");
      Inbox anonymous = new Inbox(3);
      listen(connection, sending, "sli-it-javax-anonymous", anonymous, anonymous.anonymous(),
          "a1", "fail-a2", "fail-a3");
    } finally {
      broker.stop();
    }
    System.exit(0);
  }

  private static void listen(Connection connection, Session sending, String queue, Inbox inbox,
      MessageListener listener, String... bodies) throws Exception {
    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    session.createConsumer(session.createQueue(queue)).setMessageListener(listener);
    MessageProducer producer = sending.createProducer(sending.createQueue(queue));
    for (String body : bodies) {
      producer.send(sending.createTextMessage(body));
    }
    if (!inbox.done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(queue + " did not arrive: " + inbox.seen);
    }
    session.close();
    List<String> seen;
    synchronized (inbox.seen) {
      seen = new ArrayList<>(inbox.seen);
    }
    Collections.sort(seen);
    System.out.println(queue + " " + seen);
  }
}
