package io.sliagent.it.app;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An application consuming from a RabbitMQ broker ({@code args[0]}, an AMQP URI), three queues
 * with known work, printing what it did with each delivery (never timings):
 * <ul>
 *   <li>{@code sli-it-invoices} (acked by hand, in {@code handleDelivery}): a {@code
 *       DefaultConsumer} wrapped by another consumer that delegates to it; 3 messages sent with a
 *       timestamp 2.5 s before consuming starts (ok, nack, ok), 2 just before (reject, ok);
 *   <li>{@code sli-it-audit} (acked automatically, a {@code DeliverCallback}): 3 messages and a
 *       fourth whose processing throws, without timestamps;
 *   <li>{@code sli-it-refunds} (acked by hand, after {@code handleDelivery}): 4 messages, handed
 *       on to the main thread, worked on there, then a nack of the second and one ack of all up
 *       to the fourth.
 * </ul>
 */
public final class RabbitConsumersApp {

  static final String INVOICES = "sli-it-invoices";
  static final String AUDIT = "sli-it-audit";
  static final String REFUNDS = "sli-it-refunds";
  /** How long the refunds are worked on after handleDelivery handed them on, before the ack. */
  public static final long REFUND_WORK_MILLIS = 300;

  public static void main(String[] args) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(args[0]);
    try (Connection connection = factory.newConnection("sli-it")) {
      Channel setup = connection.createChannel();
      for (String q : List.of(INVOICES, AUDIT, REFUNDS)) {
        setup.queueDelete(q);
        setup.queueDeclare(q, false, false, false, null);
      }
      for (String body : List.of("ok", "nack", "ok")) {
        publish(setup, INVOICES, body, true);
      }
      Thread.sleep(2500);
      for (String body : List.of("reject", "ok")) {
        publish(setup, INVOICES, body, true);
      }
      for (String body : List.of("ok", "ok", "ok", "boom")) {
        publish(setup, AUDIT, body, false);
      }
      for (int i = 0; i < 4; i++) {
        publish(setup, REFUNDS, "refund", false);
      }

      List<String> invoices = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch invoicesDone = new CountDownLatch(5);
      Channel invoicesChannel = connection.createChannel();
      Consumer inner = new DefaultConsumer(invoicesChannel) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props,
            byte[] body) throws IOException {
          String what = new String(body, StandardCharsets.UTF_8);
          long deliveryTag = envelope.getDeliveryTag();
          if (what.equals("nack")) {
            getChannel().basicNack(deliveryTag, false, false);
          } else if (what.equals("reject")) {
            getChannel().basicReject(deliveryTag, false);
          } else {
            getChannel().basicAck(deliveryTag, false);
          }
          invoices.add(what);
          invoicesDone.countDown();
        }
      };
      invoicesChannel.basicConsume(INVOICES, false, new Wrapping(invoicesChannel, inner));
      await(invoicesDone);
      System.out.println("invoices " + invoices);

      List<String> audit = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch auditDone = new CountDownLatch(4);
      Channel auditChannel = connection.createChannel();
      auditChannel.basicConsume(AUDIT, true, (tag, delivery) -> {
        String what = new String(delivery.getBody(), StandardCharsets.UTF_8);
        audit.add(what);
        auditDone.countDown();
        if (what.equals("boom")) {
          throw new IllegalStateException("a delivery whose processing fails");
        }
      }, tag -> { });
      await(auditDone);
      System.out.println("audit " + audit);

      CountDownLatch refundsDelivered = new CountDownLatch(4);
      Channel refundsChannel = connection.createChannel();
      List<Long> tags = Collections.synchronizedList(new ArrayList<>());
      refundsChannel.basicConsume(REFUNDS, false, (tag, delivery) -> {
        tags.add(delivery.getEnvelope().getDeliveryTag());
        refundsDelivered.countDown();
      }, tag -> { });
      await(refundsDelivered);
      Thread.sleep(REFUND_WORK_MILLIS); // the work, on a thread of the application's own
      refundsChannel.basicNack(tags.get(1), false, false);
      refundsChannel.basicAck(tags.get(3), true);
      // A round trip on the channel: the broker has the nack and the ack when it answers.
      refundsChannel.queueDeclarePassive(REFUNDS);
      System.out.println("refunds nacked 1 acked 3");

      for (String q : List.of(INVOICES, AUDIT, REFUNDS)) {
        setup.queueDelete(q);
      }
    }
  }

  private static void publish(Channel channel, String queue, String body, boolean timestamp)
      throws IOException {
    AMQP.BasicProperties props = timestamp
        ? new AMQP.BasicProperties.Builder().timestamp(new Date()).build()
        : new AMQP.BasicProperties.Builder().build();
    channel.basicPublish("", queue, props, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("deliveries did not arrive");
    }
  }

  /** A consumer that delegates to another, as frameworks' adapters do. */
  static final class Wrapping extends DefaultConsumer {
    private final Consumer delegate;

    Wrapping(Channel channel, Consumer delegate) {
      super(channel);
      this.delegate = delegate;
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props,
        byte[] body) throws IOException {
      delegate.handleDelivery(tag, envelope, props, body);
    }
  }
}
