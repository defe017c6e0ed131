package io.sliagent.bench.e2e;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Date;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * RabbitMQ deliveries: a batch of {@value #BATCH} small messages published to the queue
 * {@value #QUEUE} on the local broker, each with a timestamp (so an agent can tell its age), and
 * waited for until a {@code DefaultConsumer} (auto-ack) on another channel of the same connection
 * has had all of them; the time and allocation per delivery. The broker is the one the tests use:
 * {@code 127.0.0.1:5672}, guest/guest, or {@code -Dbench.rabbitmq.host/port} (given to Compare
 * and, through {@code -jvmArgsAppend}, to the forks); Compare skips this benchmark when nothing
 * listens there.
 *
 * <p>What is measured is the whole round trip (publish, broker, the client's dispatch, the
 * consumer), per message: an agent's work per delivery is a small part of it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class RabbitDeliveries {

  static final int BATCH = 100;
  /** A fixed name, so the objectives can select it (a server-named queue is {@code amq.gen-*}). */
  static final String QUEUE = "bench-deliveries";
  private static final byte[] BODY = new byte[32];

  private Connection connection;
  private Channel publisher;
  private Channel consuming;
  private volatile CountDownLatch done;
  /** Deliveries the consumer had, all of them (checked at the end). */
  private long delivered;
  private long published;

  private static String host() {
    return System.getProperty("bench.rabbitmq.host", "127.0.0.1");
  }

  private static int port() {
    return Integer.getInteger("bench.rabbitmq.port", 5672);
  }

  /** Where the broker is expected, for messages. */
  public static String broker() {
    return host() + ":" + port();
  }

  /** Whether something listens where the broker should (Compare skips this benchmark if not). */
  public static boolean brokerReachable() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host(), port()), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Setup
  public void open() throws IOException, TimeoutException {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(host());
    f.setPort(port());
    f.setUsername("guest");
    f.setPassword("guest");
    connection = f.newConnection("sli-bench");
    publisher = connection.createChannel();
    consuming = connection.createChannel();
    // Not exclusive, so the two channels may share it; deleted when its consumer goes.
    consuming.queueDeclare(QUEUE, false, false, true, null);
    consuming.queuePurge(QUEUE);
    consuming.basicConsume(QUEUE, true, new DefaultConsumer(consuming) {
      @Override
      public void handleDelivery(String consumerTag, Envelope envelope,
          AMQP.BasicProperties properties, byte[] body) {
        delivered++;
        done.countDown();
      }
    });
  }

  @TearDown
  public void close() throws IOException {
    try {
      if (delivered != published) {
        throw new IllegalStateException(delivered + " deliveries of " + published + " published");
      }
    } finally {
      connection.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long deliver() throws IOException, InterruptedException {
    CountDownLatch batch = new CountDownLatch(BATCH);
    done = batch;
    // One properties object a batch: its timestamp (whole seconds in AMQP) is the batch's.
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().timestamp(new Date()).build();
    for (int i = 0; i < BATCH; i++) {
      publisher.basicPublish("", QUEUE, props, BODY);
    }
    published += BATCH;
    if (!batch.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(batch.getCount() + " of " + BATCH + " not delivered");
    }
    return batch.getCount();
  }
}
