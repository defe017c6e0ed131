package io.sliagent.it.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A topic consumed the way a Spring Boot service consumes it: Spring Kafka's {@code
 * KafkaMessageListenerContainer} with a record {@code MessageListener}. Arguments: bootstrap
 * servers, topic. The topic has 2 partitions and {@link #RECORDS} records, {@link #POISON} of them
 * poison (the listener always throws {@link IllegalStateException} on them); each record is worked
 * on for {@link #WORK_MILLIS}, failing ones too. Two groups, each a container of its own, read all
 * of it:
 * <ul>
 *   <li>{@code orders}: the default {@code DefaultErrorHandler}, with one retry ({@code
 *       FixedBackOff(0, 1)}): it seeks back and the poison record comes again, fails again, and
 *       is then recovered (logged) and committed past;
 *   <li>{@code audit}: {@code CommonLoggingErrorHandler}, which logs and goes on with the next
 *       record (no seek);
 *   <li>{@code ledger}: a batch listener, with the same {@code DefaultErrorHandler}, which calls
 *       it again on the same records; it throws the first time it sees {@code poison-2} only.
 *       How many records that failed batch held depends on what the poll returned: printed;
 *   <li>{@code billing}: a {@code @KafkaListener} method in a Spring context, its container
 *       factory's {@code DefaultErrorHandler} without retries ({@code FixedBackOff(0, 0)});
 *   <li>{@code invoices}: each record in a Kafka transaction, no error handler: a listener's
 *       exception rolls the transaction back and the {@code DefaultAfterRollbackProcessor}, with
 *       one retry, seeks back to the record, then recovers it.
 * </ul>
 * Prints the attempts each listener saw (never timings).
 */
public final class SpringKafkaApp {

  public static final int RECORDS = 10;
  public static final int POISON = 2;
  public static final long WORK_MILLIS = 60;

  private SpringKafkaApp() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; values.size() < RECORDS; i++) {
      values.add(i == 2 || i == 5 ? "poison-" + i : "ok-" + i);
    }
    KafkaApp.produce(bootstrap, topic, values);

    List<String> out = new ArrayList<>();
    // 2 attempts of each poison record: the delivery and its one retry.
    out.add(consume(bootstrap, topic, "orders", new DefaultErrorHandler(new FixedBackOff(0, 1)),
        2));
    out.add(consume(bootstrap, topic, "audit", new CommonLoggingErrorHandler(), 1));
    out.add(consumeBatches(bootstrap, topic));
    out.add(consumeAnnotated(bootstrap, topic));
    out.add(consumeInTransactions(bootstrap, topic));
    System.out.println("attempts " + out);
  }

  /**
   * Runs one container until every record was processed and each poison one failed {@code
   * attemptsPerPoison} times, then stops it (which waits for its consumer to close).
   */
  private static String consume(String bootstrap, String topic, String group,
      CommonErrorHandler errorHandler, int attemptsPerPoison) throws Exception {
    Set<String> ok = ConcurrentHashMap.newKeySet();
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(RECORDS - POISON + POISON * attemptsPerPoison);
    ContainerProperties properties = new ContainerProperties(new TopicPartitionOffset(topic, 0),
        new TopicPartitionOffset(topic, 1));
    properties.setGroupId(group);
    properties.setMessageListener((MessageListener<String, String>) r -> work(r, ok, failed,
        done));
    KafkaMessageListenerContainer<String, String> container = new KafkaMessageListenerContainer<>(
        new DefaultKafkaConsumerFactory<>(consumerProperties(bootstrap)), properties);
    container.setCommonErrorHandler(errorHandler);
    container.setBeanName(group);
    container.start();
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(group + ": records did not arrive: " + ok + " " + failed);
    }
    // The error handler's work on the last failed attempt (recovery, commit) finishes first.
    Thread.sleep(1000);
    container.stop();
    return group + " ok " + ok.size() + " failed " + failed.get();
  }

  private static String consumeBatches(String bootstrap, String topic) throws Exception {
    Set<String> ok = ConcurrentHashMap.newKeySet();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger succeeded = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    ContainerProperties properties = new ContainerProperties(new TopicPartitionOffset(topic, 0),
        new TopicPartitionOffset(topic, 1));
    properties.setGroupId("ledger");
    properties.setMessageListener((BatchMessageListener<String, String>) batch -> {
      try {
        Thread.sleep(WORK_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failed.get() == 0
          && batch.stream().anyMatch(r -> r.value().equals("poison-2"))) {
        failed.set(batch.size());
        throw new IllegalStateException("cannot process a batch of " + batch.size());
      }
      succeeded.addAndGet(batch.size());
      batch.forEach(r -> ok.add(r.value()));
      if (ok.size() == RECORDS) {
        done.countDown();
      }
    });
    KafkaMessageListenerContainer<String, String> container = new KafkaMessageListenerContainer<>(
        new DefaultKafkaConsumerFactory<>(consumerProperties(bootstrap)), properties);
    container.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(0, 1)));
    container.setBeanName("ledger");
    container.start();
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("ledger: records did not arrive: " + ok);
    }
    container.stop();
    return "ledger ok " + succeeded.get() + " failed " + failed.get();
  }

  private static String bootstrap;
  private static final Set<String> BILLED = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger BILLING_FAILED = new AtomicInteger();
  private static final CountDownLatch BILLING_DONE = new CountDownLatch(RECORDS);

  /** A Spring application's listener: the container calls it through Spring's adapter. */
  @Configuration(proxyBeanMethods = false)
  @EnableKafka
  public static class Billing {

    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, String>
        kafkaListenerContainerFactory() {
      ConcurrentKafkaListenerContainerFactory<String, String> factory =
          new ConcurrentKafkaListenerContainerFactory<>();
      factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumerProperties(
          bootstrap)));
      factory.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(0, 0)));
      return factory;
    }

    @KafkaListener(id = "billing", groupId = "billing", topicPartitions = @TopicPartition(
        topic = "${sli.it.topic}", partitions = {"0", "1"}))
    public void bill(String value) throws InterruptedException {
      Thread.sleep(WORK_MILLIS);
      BILLING_DONE.countDown();
      if (value.startsWith("poison")) {
        BILLING_FAILED.incrementAndGet();
        throw new IllegalStateException("cannot bill " + value);
      }
      BILLED.add(value);
    }
  }

  private static String consumeAnnotated(String servers, String topic) throws Exception {
    bootstrap = servers;
    System.setProperty("sli.it.topic", topic);
    try (AnnotationConfigApplicationContext context =
        new AnnotationConfigApplicationContext(Billing.class)) {
      if (!BILLING_DONE.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("billing: records did not arrive: " + BILLED);
      }
      Thread.sleep(1000); // as in consume()
    }
    return "billing ok " + BILLED.size() + " failed " + BILLING_FAILED.get();
  }

  private static String consumeInTransactions(String bootstrap, String topic)
      throws Exception {
    Map<String, Object> producer = new HashMap<>();
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    DefaultKafkaProducerFactory<String, String> producers =
        new DefaultKafkaProducerFactory<>(producer);
    producers.setTransactionIdPrefix("sli-it-");
    Set<String> ok = ConcurrentHashMap.newKeySet();
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(RECORDS - POISON + POISON * 2);
    ContainerProperties properties = new ContainerProperties(new TopicPartitionOffset(topic, 0),
        new TopicPartitionOffset(topic, 1));
    properties.setGroupId("invoices");
    properties.setKafkaAwareTransactionManager(new KafkaTransactionManager<>(producers));
    properties.setMessageListener((MessageListener<String, String>) r -> work(r, ok, failed,
        done));
    KafkaMessageListenerContainer<String, String> container = new KafkaMessageListenerContainer<>(
        new DefaultKafkaConsumerFactory<>(consumerProperties(bootstrap)), properties);
    container.setAfterRollbackProcessor(new DefaultAfterRollbackProcessor<>(new FixedBackOff(0,
        1)));
    container.setBeanName("invoices");
    container.start();
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("invoices: records did not arrive: " + ok + " " + failed);
    }
    Thread.sleep(1000); // as in consume()
    container.stop();
    producers.destroy();
    return "invoices ok " + ok.size() + " failed " + failed.get();
  }

  private static void work(ConsumerRecord<String, String> r, Set<String> ok, AtomicInteger failed,
      CountDownLatch done) {
    try {
      Thread.sleep(WORK_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (r.value().startsWith("poison")) {
      failed.incrementAndGet();
      done.countDown();
      throw new IllegalStateException("cannot process " + r.value());
    }
    if (ok.add(r.value())) {
      done.countDown();
    }
  }

  private static Map<String, Object> consumerProperties(String bootstrap) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    return p;
  }
}
