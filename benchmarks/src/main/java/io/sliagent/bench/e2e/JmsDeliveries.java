package io.sliagent.bench.e2e;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnector;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMS messages to a listener: a batch of {@value #BATCH} small messages ({@code BytesMessage},
 * {@value #BODY_BYTES} bytes, non-persistent, each stamped with its {@code JMSTimestamp} by the
 * provider) sent to the queue {@value #QUEUE} and waited for until a {@code MessageListener}
 * ({@link CountingListener}, auto-acknowledge) on another session of the same connection has had
 * all of them; the time and allocation per message. The broker is an embedded ActiveMQ Artemis
 * started in the fork itself (in-VM acceptor {@code vm://0}, persistence and security off), so
 * no network is involved: the round trip is the client's send, the broker's routing and the
 * client's dispatch to the session's thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Artemis's paths take longer than 5 s to compile: with 5 x 1 s the round trip still fell
// threefold while measured.
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class JmsDeliveries {

  static final int BATCH = 100;
  static final int BODY_BYTES = 32;
  /** The objectives select it by name (bench-objectives.yaml). */
  static final String QUEUE = "bench-messages";
  private static final byte[] BODY = new byte[BODY_BYTES];

  /**
   * Named {@code *Listener}, a plain class: what both agents look for (sli-agent also times
   * listeners where the provider calls them, whatever their names).
   */
  public static final class CountingListener implements MessageListener {
    volatile CountDownLatch done;
    /** Messages it had; only its session's thread writes it, read after the batch's latch. */
    long delivered;

    @Override
    public void onMessage(Message message) {
      delivered++;
      done.countDown();
    }
  }

  private EmbeddedActiveMQ broker;
  private ActiveMQConnectionFactory factory;
  private Connection connection;
  private Session sending;
  private MessageProducer producer;
  private final CountingListener listener = new CountingListener();
  private long published;

  @Setup
  public void open() throws Exception {
    broker = new EmbeddedActiveMQ();
    broker.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false)
        .setSecurityEnabled(false).addAcceptorConfiguration("in-vm", "vm://0"));
    broker.start();
    factory = new ActiveMQConnectionFactory("vm://0");
    connection = factory.createConnection();
    sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    Queue queue = sending.createQueue(QUEUE);
    producer = sending.createProducer(queue);
    // Non-persistent: a persistent send blocks for the broker's confirmation, which would only
    // add a round trip per message that no agent is involved in.
    producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
    Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    listening.createConsumer(queue).setMessageListener(listener);
    connection.start();
  }

  @TearDown
  public void close() throws Exception {
    try {
      if (listener.delivered != published) {
        throw new IllegalStateException(listener.delivered + " messages delivered of "
            + published + " sent");
      }
    } finally {
      connection.close();
      factory.close();
      broker.stop();
      // Artemis's client and in-VM connector threads are not daemons and idle a minute before
      // they end: the fork would wait for them.
      ActiveMQClient.clearThreadPools();
      InVMConnector.resetThreadPool();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long deliver() throws JMSException, InterruptedException {
    CountDownLatch batch = new CountDownLatch(BATCH);
    listener.done = batch;
    for (int i = 0; i < BATCH; i++) {
      BytesMessage m = sending.createBytesMessage();
      m.writeBytes(BODY);
      producer.send(m);
    }
    published += BATCH;
    if (!batch.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(batch.getCount() + " of " + BATCH + " not delivered");
    }
    return batch.getCount();
  }
}
