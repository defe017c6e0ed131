package io.sliagent.it.app;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * A queue consumed the way a Spring Boot service consumes: Spring AMQP's default {@code
 * SimpleMessageListenerContainer}, whose client consumer only queues each delivery for the
 * container's thread, which runs the listener and then acks (or rejects). Argument: the broker's
 * AMQP URI. 5 messages to {@code sli-it-spring}, each worked on for {@link #WORK_MILLIS}; the
 * fourth fails (rejected, not requeued).
 */
public final class SpringRabbitApp {

  public static final String QUEUE = "sli-it-spring";
  public static final long WORK_MILLIS = 200;

  private SpringRabbitApp() {}

  public static void main(String[] args) throws Exception {
    ConnectionFactory raw = new ConnectionFactory();
    raw.setUri(args[0]);
    try (Connection connection = raw.newConnection("sli-it-setup");
        Channel setup = connection.createChannel()) {
      setup.queueDelete(QUEUE);
      setup.queueDeclare(QUEUE, false, false, false, null);
      for (int i = 1; i <= 5; i++) {
        setup.basicPublish("", QUEUE, new AMQP.BasicProperties.Builder().timestamp(new Date())
            .build(), ("m" + i).getBytes(StandardCharsets.UTF_8));
      }
    }
    CachingConnectionFactory factory = new CachingConnectionFactory(new URI(args[0]));
    CountDownLatch done = new CountDownLatch(5);
    SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(factory);
    container.setQueueNames(QUEUE);
    container.setMessageListener(message -> {
      try {
        Thread.sleep(WORK_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      done.countDown();
      if (new String(message.getBody(), StandardCharsets.UTF_8).equals("m4")) {
        throw new AmqpRejectAndDontRequeueException("m4 cannot be processed");
      }
    });
    container.start();
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("messages did not arrive");
    }
    container.stop(); // waits for the last ack
    factory.destroy();
    System.out.println("processed 5");
  }
}
