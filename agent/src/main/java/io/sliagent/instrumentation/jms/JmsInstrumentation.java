package io.sliagent.instrumentation.jms;

import static io.sliagent.api.Matchers.isAbstract;
import static io.sliagent.api.Matchers.isInterface;
import static io.sliagent.api.Matchers.nameContains;
import static io.sliagent.api.Matchers.nameStartsWith;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.namedOneOf;
import static io.sliagent.api.Matchers.not;
import static io.sliagent.api.Matchers.returns;
import static io.sliagent.api.Matchers.takesArgument;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Matcher;
import io.sliagent.api.Matchers;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import io.sliagent.api.TypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JMS in both namespaces, for any provider, through the API's own interfaces: {@code
 * MessageListener.onMessage}, both where a provider (or a container) calls it, so every listener
 * is measured whatever its class, lambdas included, and in listener classes named {@code
 * *Listener}, which a provider that calls its listeners from a class of another name still
 * reaches; {@code MessageConsumer.receive*} of providers' consumers ({@code *Consumer}); and the
 * {@code Session} ({@code *Session}) whose commit or rollback ends a received message's
 * processing ({@link Processing}). A listener reached both ways is measured once: the calls
 * nest.
 */
public final class JmsInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      JmsInstrumentation.class.getPackageName() + ".";

  @Override
  public String name() {
    return "jms";
  }

  @Override
  public Signal signal() {
    return Signal.CONSUMER;
  }

  @Override
  public boolean mayChange(String internalName) {
    return (internalName.contains("Listener") || internalName.contains("Consumer")
            || internalName.contains("Session"))
        && !(internalName.startsWith("java/") || internalName.startsWith("jdk/")
            || internalName.startsWith("sun/") || internalName.startsWith("io/sliagent/"));
  }

  @Override
  public List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    for (String ns : List.of("javax.jms", "jakarta.jms")) {
      String prefix = ns.equals("javax.jms") ? "" : "Jakarta";
      String pkg = JmsInstrumentation.class.getPackage().getName() + ".";
      targets.add(Target.types(implementing("Listener", ns + ".MessageListener"))
          .advice(named("onMessage").and(takesArguments(1))
                  .and(takesArgument(0, named(ns + ".Message"))).and(not(isAbstract())),
              pkg + prefix + "ListenerAdvice", "listener"));
      // The calls of onMessage in the classes that may dispatch to listeners: providers'
      // consumers and sessions (Artemis's JMSMessageListenerWrapper, ActiveMQ's
      // ActiveMQMessageConsumer and ActiveMQSession), containers (Spring's
      // AbstractMessageListenerContainer) and listeners that delegate. Their code is read only
      // when they name MessageListener.
      targets.add(Target.types(dispatching())
          .adviceAtCalls(ns + ".MessageListener", "onMessage", ns + ".Message",
              pkg + prefix + "ListenerAdvice", "listener"));
      targets.add(Target.types(implementing("Consumer", ns + ".MessageConsumer"))
          .advice(namedOneOf("receive", "receiveNoWait").and(returns(named(ns + ".Message")))
                  .and(not(isAbstract())),
              pkg + prefix + "ReceiveAdvice", "receive"));
      targets.add(Target.types(implementing("Session", ns + ".Session"))
          .advice(namedOneOf("commit", "rollback", "recover").and(takesArguments(0))
                  .and(not(isAbstract())),
              ADVICE + "SessionAdvice", "session"));
    }
    return targets;
  }

  private static Matcher<TypeInfo> dispatching() {
    return nameContains("Listener").or(nameContains("Consumer")).or(nameContains("Session"))
        .and(not(isInterface()))
        .and(not(nameStartsWith("java.").or(nameStartsWith("jdk.")).or(nameStartsWith("sun."))));
  }

  private static Matcher<TypeInfo> implementing(String nameContains,
      String type) {
    return nameContains(nameContains).and(not(isInterface()))
        .and(not(nameStartsWith("java.").or(nameStartsWith("jdk.")).or(nameStartsWith("sun."))))
        .and(Matchers.isSubTypeOf(type));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    Processing processing = new Processing(recorder);
    return Map.of("listener", processing.listener(), "receive", processing.receive(),
        "session", processing.session());
  }
}
