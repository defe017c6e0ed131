package io.sliagent.bench;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A KRaft broker (one combined broker and controller, Kafka's own test kit) in Compare's JVM, for
 * {@code KafkaRecords}: outside the measured forks, so its threads and allocation are not
 * measured and neither agent sees its classes.
 */
final class KafkaBroker implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  private KafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Starts one; start-up on a loaded machine can time out, so it is tried up to three times. */
  static KafkaBroker start() throws Exception {
    Exception last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      KafkaClusterTestKit cluster = null;
      try {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true)
            .setNumBrokerNodes(1).setNumControllerNodes(1).build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new KafkaBroker(cluster);
      } catch (Exception e) {
        last = e;
        if (cluster != null) {
          try {
            cluster.close();
          } catch (Exception closing) {
            e.addSuppressed(closing);
          }
        }
      }
    }
    throw last;
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
