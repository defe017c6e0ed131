package io.sliagent.instrumentation.rabbitmq;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Endpoint;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Slots;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Deliveries and their outcome. Each channel that consumes has a {@link Consumers} (in the slot of
 * the channel and of its dispatcher): the queue and ack mode of each consumer tag, and the
 * deliveries whose outcome is not known yet. A delivery fails when {@code handleDelivery} throws
 * ({@code error.type} the exception's class) or when the application nacks or rejects it ({@code
 * nack}, {@code reject}), during {@code handleDelivery} or after it: a delivery of a consumer
 * that acknowledges by hand and has not done so when {@code handleDelivery} returns is recorded
 * when it does, its processing time running until then. Such a consumer hands the delivery on
 * (Spring AMQP's default listener container queues it for its own thread, and acks after the
 * listener): what {@code handleDelivery} took would be the hand-off, not the processing.
 */
final class Deliveries implements CallHandler {

  static final String SYSTEM = "rabbitmq";
  /** Deliveries per channel kept waiting for their ack; past it, one is taken as processed. */
  static final int MAX_UNSETTLED = 10_000;

  private final Recorder recorder;
  private final Slots channels = new Slots();
  private final ThreadLocal<Current> current = ThreadLocal.withInitial(Current::new);

  Deliveries(Recorder recorder) {
    this.recorder = recorder;
  }

  /** The delivery this thread is processing. */
  private static final class Current {
    boolean active;
    Consumers consumers;
    String consumerTag;
    /** What {@code handleDelivery} threw, as the exception handler was told. */
    String error;
  }

  /** One consumer tag: where its deliveries are recorded and whether they are acked by hand. */
  private static final class Consumer {
    final Endpoint endpoint;
    final boolean autoAck;

    Consumer(Endpoint endpoint, boolean autoAck) {
      this.endpoint = endpoint;
      this.autoAck = autoAck;
    }
  }

  /** A delivery handed on and not settled yet: when its processing started. */
  private static final class Unsettled {
    final Endpoint endpoint;
    final long startNanos;

    Unsettled(Endpoint endpoint, long startNanos) {
      this.endpoint = endpoint;
      this.startNanos = startNanos;
    }
  }

  /**
   * A channel's consumers, the delivery it is processing (a channel's deliveries are processed
   * one at a time) and those processed that wait for an ack. Settled from any thread: an ack
   * may come from another while {@code handleDelivery} is still returning.
   */
  static final class Consumers {
    private final Map<String, Consumer> byTag = new ConcurrentHashMap<>();
    /** Consumers whose {@code basicConsume} has not been confirmed, by identity. */
    private final Map<Object, Consumer> starting = new IdentityHashMap<>();
    private final TreeMap<Long, Unsettled> unsettled = new TreeMap<>();
    private long processing = -1;
    private boolean processingSettled;
    private String processingError;

    synchronized void start(long deliveryTag) {
      processing = deliveryTag;
      processingSettled = false;
      processingError = null;
    }

    /**
     * Ends the delivery being processed: records it now, or keeps it for its ack when it is
     * acked by hand, has not been, and did not fail.
     */
    void end(Endpoint endpoint, long startNanos, long endNanos, String failure,
        boolean autoAck) {
      String error = failure;
      synchronized (this) {
        long tag = processing;
        processing = -1;
        if (error == null) {
          error = processingError;
        }
        if (error == null && !autoAck && !processingSettled
            && unsettled.size() < MAX_UNSETTLED) {
          unsettled.put(tag, new Unsettled(endpoint, startNanos));
          return; // recorded at its ack, nack or reject
        }
      }
      endpoint.record(endNanos - startNanos, 0, error);
    }

    /** Settles what {@code deliveryTag} names (multiple: up to it; 0 and multiple: all). */
    void settle(long deliveryTag, boolean multiple, String error) {
      Unsettled[] settled;
      synchronized (this) {
        if (processing >= 0 && (deliveryTag == processing
            || multiple && (deliveryTag == 0 || deliveryTag > processing))) {
          processingSettled = true;
          if (processingError == null) {
            processingError = error;
          }
        }
        if (unsettled.isEmpty()) {
          return;
        }
        if (multiple) {
          Map<Long, Unsettled> range = deliveryTag == 0 ? unsettled
              : unsettled.headMap(deliveryTag, true);
          settled = range.values().toArray(new Unsettled[0]);
          range.clear();
        } else {
          Unsettled u = unsettled.remove(deliveryTag);
          settled = u == null ? new Unsettled[0] : new Unsettled[] {u};
        }
      }
      long now = System.nanoTime();
      for (Unsettled u : settled) {
        u.endpoint.record(now - u.startNanos, 0, error);
      }
    }
  }

  /** {@code basicConsume} starts: the consumer's queue and ack mode, until its tag is known. */
  CallHandler consuming() {
    return CallHandler.ofEvents((channel, consumer, details) -> {
      Object[] d = (Object[]) details;
      Consumers consumers = consumers(channel, d[0]);
      synchronized (consumers.starting) {
        consumers.starting.put(consumer,
            new Consumer(endpoint(queueName((String) d[1])), (Boolean) d[2]));
      }
    });
  }

  /** The broker confirmed a consumer under a tag, before any delivery to it. */
  CallHandler consumeOk() {
    return CallHandler.ofEvents((dispatcher, consumer, consumerTag) -> {
      Consumers consumers = (Consumers) channels.get(dispatcher);
      if (consumers != null) {
        Consumer c;
        synchronized (consumers.starting) {
          c = consumers.starting.remove(consumer);
        }
        if (c != null) {
          consumers.byTag.put((String) consumerTag, c);
        }
      }
    });
  }

  private synchronized Consumers consumers(Object channel, Object dispatcher) {
    Consumers consumers = (Consumers) channels.get(channel);
    if (consumers == null) {
      consumers = new Consumers();
      channels.set(channel, consumers);
      channels.set(dispatcher, consumers);
    }
    return consumers;
  }

  /** {@code basicAck} ({@code error} null), {@code basicNack} or {@code basicReject}. */
  CallHandler settled(String error) {
    return CallHandler.ofEvents((channel, deliveryTag, multiple) -> {
      Consumers consumers = (Consumers) channels.get(channel);
      if (consumers != null) {
        consumers.settle((Long) deliveryTag, (Boolean) multiple, error);
      }
    });
  }

  /** What {@code handleDelivery} threw, handed to the connection's exception handler. */
  CallHandler failed() {
    return CallHandler.ofEvents((target, exception, unused) -> {
      Current c = current.get();
      if (c.active && exception != null) {
        c.error = exception.getClass().getName();
      }
    });
  }

  /** A delivery's processing starts: its dispatcher, consumer tag and delivery tag. */
  @Override
  public void onEvent(Object dispatcher, Object consumerTag, Object deliveryTag) {
    Current c = current.get();
    c.active = true;
    c.consumers = (Consumers) channels.get(dispatcher);
    c.consumerTag = (String) consumerTag;
    c.error = null;
    if (c.consumers != null) {
      c.consumers.start((Long) deliveryTag);
    }
  }

  /** Its processing ended: its exchange, routing key and the time it was sent, or null. */
  @Override
  public void onExit(Object exchange, Object routingKey, Object timestamp, Throwable thrown,
      long startNanos, long endNanos) {
    Current c = current.get();
    if (!c.active) {
      return;
    }
    c.active = false;
    Consumers consumers = c.consumers;
    c.consumers = null;
    Consumer consumer = consumers == null ? null : consumers.byTag.get(c.consumerTag);
    Endpoint endpoint = consumer != null ? consumer.endpoint
        : endpoint(unknownQueue((String) exchange, (String) routingKey));
    long nanos = endNanos - startNanos;
    if (timestamp instanceof Date) {
      // AMQP's timestamp has whole seconds: the age is up to a second more than the wait.
      long startMillis = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(nanos);
      long ageMillis = startMillis - ((Date) timestamp).getTime();
      endpoint.recordMeasure(Signal.MESSAGE_AGE,
          TimeUnit.MILLISECONDS.toNanos(Math.max(0, ageMillis)));
    }
    String error = thrown != null ? thrown.getClass().getName() : c.error;
    if (consumers != null) {
      consumers.end(endpoint, startNanos, endNanos, error,
          consumer == null || consumer.autoAck);
    } else {
      endpoint.record(nanos, 0, error);
    }
  }

  /**
   * The destination of a delivery whose consumer started before the agent: the exchange, or for
   * the default exchange the routing key, which is then the queue's name.
   */
  static String unknownQueue(String exchange, String routingKey) {
    return queueName(exchange == null || exchange.isEmpty() ? routingKey : exchange);
  }

  /** A queue the broker named ({@code amq.gen-} and random text) is one name for all. */
  static String queueName(String queue) {
    return queue != null && queue.startsWith("amq.gen-") ? "amq.gen-*" : queue;
  }

  private Endpoint endpoint(String destination) {
    return recorder.endpoint(new Destination(destination == null ? "" : destination),
        Deliveries::attributes);
  }

  private static EndpointAttributes attributes(Destination d) {
    return EndpointAttributes.builder()
        .put("messaging.system", SYSTEM)
        .put("messaging.destination.name", d.name)
        .build();
  }

  /** The endpoint's key: RabbitMQ's, never equal to another system's of the same name. */
  static final class Destination {
    final String name;

    Destination(String name) {
      this.name = name;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Destination && ((Destination) o).name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }
  }
}
