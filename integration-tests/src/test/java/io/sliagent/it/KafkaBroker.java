package io.sliagent.it;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A real Kafka broker in KRaft mode (one combined broker and controller) in the test's JVM,
 * started with Kafka's own {@code KafkaClusterTestKit}. Reached by reflection: the test kit is
 * built for Java 17 and this module's test code compiles for 11.
 */
final class KafkaBroker implements AutoCloseable {

  private static final String KIT = "org.apache.kafka.common.test.KafkaClusterTestKit";
  private static final String NODES = "org.apache.kafka.common.test.TestKitNodes";

  private final Object cluster;

  private KafkaBroker(Object cluster) {
    this.cluster = cluster;
  }

  /** Starts one; start-up under load can time out, so it is tried up to three times. */
  static KafkaBroker start() throws Exception {
    Exception last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      Object cluster = null;
      try {
        cluster = build();
        call(cluster, "format");
        call(cluster, "startup");
        call(cluster, "waitForReadyBrokers");
        return new KafkaBroker(cluster);
      } catch (Exception e) {
        last = e;
        if (cluster != null) {
          try {
            call(cluster, "close");
          } catch (Exception closing) {
            e.addSuppressed(closing);
          }
        }
      }
    }
    throw last;
  }

  private static Object build() throws Exception {
    Class<?> nodesBuilder = Class.forName(NODES + "$Builder");
    Object nb = nodesBuilder.getConstructor().newInstance();
    nodesBuilder.getMethod("setCombined", boolean.class).invoke(nb, true);
    nodesBuilder.getMethod("setNumBrokerNodes", int.class).invoke(nb, 1);
    nodesBuilder.getMethod("setNumControllerNodes", int.class).invoke(nb, 1);
    Object nodes = nodesBuilder.getMethod("build").invoke(nb);
    Class<?> kitBuilder = Class.forName(KIT + "$Builder");
    Object kb = kitBuilder.getConstructor(Class.forName(NODES)).newInstance(nodes);
    Method set = kitBuilder.getMethod("setConfigProp", String.class, Object.class);
    set.invoke(kb, "offsets.topic.replication.factor", "1");
    set.invoke(kb, "offsets.topic.num.partitions", "1");
    set.invoke(kb, "transaction.state.log.replication.factor", "1");
    set.invoke(kb, "transaction.state.log.min.isr", "1");
    return kitBuilder.getMethod("build").invoke(kb);
  }

  private static Object call(Object target, String method) throws Exception {
    try {
      return target.getClass().getMethod(method).invoke(target);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }

  String bootstrapServers() throws Exception {
    return (String) call(cluster, "bootstrapServers");
  }

  @Override
  public void close() throws Exception {
    call(cluster, "close");
  }
}
