package io.sliagent.bench.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
 * Kafka records through a poll loop: a batch of {@value #BATCH} records of 32 bytes produced to
 * the topic {@value #TOPIC} (one partition, {@code linger.ms=0}, flushed) and waited for until a
 * consumer thread's poll loop has iterated over all of them; the time and allocation per record.
 * The broker is a KRaft broker Compare starts in its own JVM ({@code -Dbench.kafka.bootstrap},
 * given to the forks), so neither the broker's threads nor its allocation are in the measured
 * JVM. The consumer is assigned the partition (group {@value #GROUP}, no rebalance, no commits)
 * and starts at its end.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class KafkaRecords {

  static final int BATCH = 100;
  /** The objectives select it by name (bench-objectives.yaml). */
  static final String TOPIC = "bench-records";
  static final String GROUP = "bench";
  private static final byte[] VALUE = new byte[32];

  private KafkaProducer<byte[], byte[]> producer;
  private Thread polling;
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile CountDownLatch done = new CountDownLatch(0);
  private volatile Throwable failed;
  /** Records the loop had; written by its thread only, read after a batch's latch. */
  private long consumed;
  private long produced;

  private static String bootstrap() {
    String b = System.getProperty("bench.kafka.bootstrap");
    if (b == null) {
      throw new IllegalStateException("-Dbench.kafka.bootstrap not set (Compare sets it)");
    }
    return b;
  }

  @Setup
  public void open() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap(), "linger.ms", 0,
        "acks", "1"), new ByteArraySerializer(), new ByteArraySerializer());
    CountDownLatch ready = new CountDownLatch(1);
    polling = new Thread(() -> poll(ready), "bench-poll-loop");
    polling.start();
    if (!ready.await(60, TimeUnit.SECONDS) || failed != null) {
      throw new IllegalStateException("consumer not ready", failed);
    }
  }

  private void poll(CountDownLatch ready) {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", bootstrap(), "group.id", GROUP, "enable.auto.commit", false),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      TopicPartition tp = new TopicPartition(TOPIC, 0);
      c.assign(List.of(tp));
      c.seekToEnd(List.of(tp));
      c.position(tp); // resolved now, so that no record produced after ready is skipped
      ready.countDown();
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
          consumed++;
          done.countDown();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (Throwable t) {
      failed = t;
      ready.countDown();
    }
  }

  @TearDown
  public void close() throws Exception {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    polling.join(30_000);
    producer.close();
    if (failed != null) {
      throw new IllegalStateException("the poll loop failed", failed);
    }
    if (consumed != produced) {
      throw new IllegalStateException(consumed + " records consumed of " + produced);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long consume() throws InterruptedException {
    CountDownLatch batch = new CountDownLatch(BATCH);
    done = batch;
    for (int i = 0; i < BATCH; i++) {
      producer.send(new ProducerRecord<>(TOPIC, VALUE));
    }
    producer.flush();
    produced += BATCH;
    if (!batch.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(batch.getCount() + " of " + BATCH + " not consumed",
          failed);
    }
    return batch.getCount();
  }
}
