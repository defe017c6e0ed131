package io.sliagent.it.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka application (arguments: bootstrap servers, topic, and optionally the consumers'
 * {@code group.protocol}: {@code consumer} for 4.x's new consumer) whose consumers do known work,
 * printing what happened (never timings). The topic has 2 partitions; 20 records are produced,
 * then after {@link #OLD_MILLIS} 20 more, among them 2 poison records and 3 slow ones, each
 * batch half to partition 0 and half to 1 ({@link #PER_PARTITION} each in all):
 * <ul>
 *   <li>group {@code billing} processes all 40 in for-each loops; a poison record throws the
 *       first time, and the loop's handler seeks every partition back to its first unprocessed
 *       record (the failed partition first) and polls again: 42 records handed out, 2 failed;
 *       then it commits and closes;
 *   <li>group {@code audit} throws on its first record and closes the consumer: 1 abandoned;
 *   <li>group {@code reports} takes one record a poll, processes {@link #REPORTS} and stays open
 *       at exit, so its lag is the 40 - {@value #REPORTS} records it left, and each partition's
 *       what it left of that partition;
 *   <li>group {@code moved} takes records of both partitions, then pauses them, is assigned
 *       one of them alone ({@code P}, the one it took less of) and polls again (nothing: paused),
 *       and stays open: P's lag is what it left of P, the other partition has none.
 * </ul>
 * The records left per partition are printed: {@code left reports L0 L1, moved P LP}.
 * Consumers are assigned their partitions (no group rebalance to wait for).
 */
public final class KafkaApp {

  // Old records are at least this old, fresh ones younger than 5 s: room for a slow machine.
  public static final int OLD_MILLIS = 7000;
  public static final int SLOW_MILLIS = 250;
  /**
   * More than a partition holds: the classic consumer knows a partition's high watermark once it
   * hands out records of it, so the lag of both is known.
   */
  public static final int REPORTS = 25;
  public static final int PER_PARTITION = 20;
  private static String protocol;

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    protocol = args.length > 2 ? args[2] : null;
    List<String> out = new ArrayList<>();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
    List<String> old = new ArrayList<>();
    List<String> fresh = new ArrayList<>(List.of("poison-a", "slow-0", "poison-b", "slow-1",
        "slow-2"));
    for (int i = 0; i < 20; i++) {
      old.add("ok-" + i);
    }
    for (int i = 20; fresh.size() < 20; i++) {
      fresh.add("ok-" + i);
    }
    produce(bootstrap, topic, old);
    Thread.sleep(OLD_MILLIS);
    produce(bootstrap, topic, fresh);

    List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0),
        new TopicPartition(topic, 1));

    KafkaConsumer<String, String> billing = consumer(bootstrap, "billing", 500);
    billing.assign(partitions);
    Set<String> failedOnce = new HashSet<>();
    int done = 0;
    int failures = 0;
    while (done < 40) {
      ConsumerRecords<String, String> records = billing.poll(Duration.ofMillis(100));
      Map<TopicPartition, Long> unprocessed = new LinkedHashMap<>();
      for (TopicPartition tp : records.partitions()) {
        unprocessed.put(tp, records.records(tp).get(0).offset());
      }
      ConsumerRecord<String, String> current = null;
      try {
        for (ConsumerRecord<String, String> r : records) {
          current = r;
          process(r.value(), failedOnce);
          unprocessed.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
          done++;
        }
      } catch (IllegalStateException e) {
        failures++;
        TopicPartition failed = new TopicPartition(current.topic(), current.partition());
        billing.seek(failed, current.offset());
        for (Map.Entry<TopicPartition, Long> u : unprocessed.entrySet()) {
          if (!u.getKey().equals(failed)) {
            billing.seek(u.getKey(), u.getValue());
          }
        }
      }
    }
    billing.commitSync();
    billing.close();
    out.add("billing " + done + " failed " + failures);

    KafkaConsumer<String, String> audit = consumer(bootstrap, "audit", 5);
    audit.assign(partitions);
    try {
      while (true) {
        for (ConsumerRecord<String, String> r : audit.poll(Duration.ofMillis(100))) {
          throw new IllegalStateException("audit rejects " + r.value());
        }
      }
    } catch (IllegalStateException e) {
      audit.close();
      out.add("audit abandoned");
    }

    KafkaConsumer<String, String> reports = consumer(bootstrap, "reports", 1);
    reports.assign(partitions);
    int reported = 0;
    int[] reportedOf = new int[2];
    while (reported < REPORTS) {
      for (ConsumerRecord<String, String> r : reports.poll(Duration.ofMillis(100))) {
        reported++;
        reportedOf[r.partition()]++;
      }
    }
    // Left open: its lag at exit is what it did not consume.
    out.add("reports " + reported);
    System.out.println("outcomes " + out);

    KafkaConsumer<String, String> moved = consumer(bootstrap, "moved", 1);
    moved.assign(partitions);
    int[] movedOf = new int[2];
    while (movedOf[0] == 0 || movedOf[1] == 0) {
      for (ConsumerRecord<String, String> r : moved.poll(Duration.ofMillis(100))) {
        movedOf[r.partition()]++;
      }
    }
    // Kept: the partition it took less of, so that its lag is more than none.
    int kept = movedOf[0] <= movedOf[1] ? 0 : 1;
    moved.pause(partitions);
    moved.assign(List.of(partitions.get(kept)));
    for (ConsumerRecord<String, String> r : moved.poll(Duration.ofMillis(100))) {
      movedOf[r.partition()]++; // none while paused, counted if not
    }
    System.out.println("left reports " + (PER_PARTITION - reportedOf[0]) + " "
        + (PER_PARTITION - reportedOf[1]) + ", moved " + kept + " "
        + (PER_PARTITION - movedOf[kept]));
  }

  private static void process(String value, Set<String> failedOnce) throws InterruptedException {
    if (value.startsWith("poison") && failedOnce.add(value)) {
      throw new IllegalStateException("cannot process " + value + " yet");
    }
    if (value.startsWith("slow")) {
      Thread.sleep(SLOW_MILLIS);
    }
  }

  /** Sends {@code values} to {@code topic}, alternating between its partitions 0 and 1. */
  static void produce(String bootstrap, String topic, List<String> values)
      throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(new ProducerRecord<>(topic, i % 2, null, values.get(i))).get();
      }
    }
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap, String group,
      int maxPollRecords) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", group);
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    p.put("max.poll.records", String.valueOf(maxPollRecords));
    if (protocol != null) {
      p.put("group.protocol", protocol);
    }
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }
}
