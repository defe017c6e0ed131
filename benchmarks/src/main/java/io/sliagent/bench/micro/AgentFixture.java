package io.sliagent.bench.micro;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import io.sliagent.api.Signal;
import io.sliagent.instrumentation.Installer;
import io.sliagent.instrumentation.executor.ExecutorInstrumentation;
import io.sliagent.instrumentation.httpclient.HttpClientInstrumentation;
import io.sliagent.instrumentation.jdbc.JdbcInstrumentation;
import io.sliagent.instrumentation.jms.JmsInstrumentation;
import io.sliagent.instrumentation.kafka.KafkaInstrumentation;
import io.sliagent.instrumentation.rabbitmq.RabbitMqInstrumentation;
import io.sliagent.objectives.ObjectivesParser;
import io.sliagent.recording.Endpoint;
import io.sliagent.recording.Recording;
import io.sliagent.recording.Series;
import io.sliagent.slo.SloEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;

/**
 * The agent as {@code AgentStarter} wires it, minus ByteBuddy and export: objectives (or none),
 * the recording, and a dispatcher with the real JDBC, HttpClient, executor and RabbitMQ handlers installed in the
 * {@link Bridge}. Benchmarks then call the bridge exactly as the inlined advice does.
 */
public final class AgentFixture {

  public static final String JDBC_URL = "jdbc:h2:mem:bench";
  public static final String SQL = "SELECT name FROM items WHERE id = ?";

  public final SloEngine slo = new SloEngine(SloEngine.monotonicClock());
  public final Recording recording;
  /** The numbers the agent gave the calls, which the advice would have pasted in. */
  public final int jdbcConnect;
  public final int jdbcPrepare;
  public final int jdbcExecute;
  public final int httpSend;
  public final int executorSubmit;
  public final int executorRun;
  public final int executorPush;
  public final int executorExec;
  public final int rabbitConsume;
  public final int rabbitConsumeOk;
  public final int rabbitDeliver;
  public final int jmsListener;
  public final int kafkaPoll;
  public final int kafkaLink;
  public final int kafkaNext;

  public AgentFixture(boolean objectives) {
    if (objectives) {
      // The selectors of the instrumentations installed below (the parser's own default list,
      // BUILT_IN_SIGNALS, has no consumer).
      ObjectivesParser.Parsed parsed = ObjectivesParser.parse("bench-objectives.yaml",
          objectivesYaml(), List.of(Signal.HTTP_CLIENT, Signal.DB_CLIENT, Signal.EXECUTOR,
              Signal.CONSUMER));
      if (!parsed.problems().isEmpty()) {
        throw new IllegalStateException("bench objectives: " + parsed.problems());
      }
      slo.load(parsed.objectives());
    }
    recording = new Recording(1000, slo);
    Installer installer =
        Installer.of(List.of(new JdbcInstrumentation(), new HttpClientInstrumentation(),
            new ExecutorInstrumentation(), new RabbitMqInstrumentation(),
            new JmsInstrumentation(), new KafkaInstrumentation()));
    Bridge.install(installer.prepare(recording::registry));
    jdbcConnect = installer.call("jdbc", "connect");
    jdbcPrepare = installer.call("jdbc", "prepare");
    jdbcExecute = installer.call("jdbc", "execute");
    httpSend = installer.call("jdk-http-client", "send");
    executorSubmit = installer.call("executors", "submit");
    executorRun = installer.call("executors", "run");
    executorPush = installer.call("executors", "push");
    executorExec = installer.call("executors", "exec");
    rabbitConsume = installer.call("rabbitmq", "consume");
    rabbitConsumeOk = installer.call("rabbitmq", "consume-ok");
    rabbitDeliver = installer.call("rabbitmq", "deliver");
    jmsListener = installer.call("jms", "listener");
    kafkaPoll = installer.call("kafka", "poll");
    kafkaLink = installer.call("kafka", "link");
    kafkaNext = installer.call("kafka", "next");
  }

  public static String objectivesYaml() {
    try (InputStream in = AgentFixture.class.getResourceAsStream("/bench-objectives.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A statement prepared from {@link #SQL} on a connection opened with {@link #JDBC_URL}, as
   * the connect and prepare advice report them: its endpoint now sits in its slot.
   */
  public SlotStatement prepared() {
    Connection connection = (Connection) Proxy.newProxyInstance(
        AgentFixture.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          switch (method.getName()) { // the agent keeps it in a weak map: identity
            case "hashCode": return System.identityHashCode(proxy);
            case "equals": return proxy == args[0];
            case "toString": return "Connection(" + JDBC_URL + ")";
            default: throw new UnsupportedOperationException(method.getName());
          }
        });
    Bridge.event(jdbcConnect, null, JDBC_URL, connection);
    SlotStatement statement = new SlotStatement();
    Bridge.event(jdbcPrepare, connection, SQL, statement);
    if (!(statement.sli$get() instanceof Endpoint)) {
      throw new IllegalStateException("prepare did not resolve an endpoint: the agent changed");
    }
    return statement;
  }

  /** The only endpoint of {@code kind} so far (the benchmarks record into one). */
  public Endpoint onlyEndpoint(Signal kind) {
    var all = recording.registry(kind).endpoints();
    if (all.size() != 1) {
      throw new IllegalStateException("expected one " + kind + " endpoint, got " + all.size());
    }
    return all.iterator().next();
  }

  /** Calls recorded into {@code endpoint} so far, over every outcome. */
  public static long calls(Endpoint endpoint) {
    long n = 0;
    for (Series s : endpoint.series()) {
      for (long c : s.bucketCounts()) {
        n += c;
      }
    }
    return n;
  }

  /** SLI events counted so far, over every objective. */
  public long sloEvents() {
    long n = 0;
    for (var state : slo.states()) {
      n += state.counter().total();
    }
    return n;
  }

  /**
   * What the agent adds to a JDBC statement class loaded after it: two fields behind the
   * {@link Slot} interface.
   */
  public static final class SlotStatement implements Slot {
    private volatile Object slot;
    private long number; // plain, as the agent adds it

    @Override
    public long sli$getLong() {
      return number;
    }

    @Override
    public void sli$setLong(long value) {
      number = value;
    }

    @Override
    public Object sli$get() {
      return slot;
    }

    @Override
    public void sli$set(Object value) {
      slot = value;
    }
  }
}
