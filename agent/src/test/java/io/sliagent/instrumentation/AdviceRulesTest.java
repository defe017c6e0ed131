package io.sliagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.api.Call;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Target;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.discovery.Discovery;
import io.sliagent.log.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules every advice keeps (suppresses Throwable, always exits, changes nothing, reaches the
 * agent through the bridge only), over every instrumentation the agent discovers; and each rule
 * catches the advice that breaks it.
 */
class AdviceRulesTest {

  /**
   * The only check of the built-ins' advice: the agent checks an extension's advice when it loads
   * it, its own not again at each start.
   */
  @Test
  void everyDiscoveredAdviceKeepsTheRules() throws IOException {
    int advice = 0;
    List<Instrumentation> all = Discovery.find(null, List.of());
    assertEquals(listedBuiltIns(), all.size(), "the built-ins: " + all);
    for (Instrumentation i : all) {
      for (Target t : i.targets()) {
        List<Target.AdviceOn> ons = new java.util.ArrayList<>(t.advice());
        for (Target.CallSite site : t.adviceAtCalls()) {
          ons.add(site.advice());
        }
        for (Target.AdviceOn on : ons) {
          assertEquals(List.of(), AdviceRules.check(bytes(on.adviceClass())), on.adviceClass());
          assertTrue(i.handlers(null).containsKey(on.call()), on.call() + " has a handler");
          advice++;
        }
      }
    }
    assertTrue(advice >= 9, advice + " advice classes checked");
  }

  /** The lines of the agent's services file that name a class: every one must be found. */
  private static long listedBuiltIns() throws IOException {
    try (java.io.InputStream in = AdviceRulesTest.class.getResourceAsStream(
        "/META-INF/services/io.sliagent.api.Instrumentation")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    }
  }

  @ParameterizedTest
  @CsvSource({
      "NoSuppress, enter advice without suppress = Throwable.class",
      "ExitSkipsThrowingCalls, exit advice without onThrowable = Throwable.class",
      "WritesTheResult, writes back to parameter 1 (readOnly = false)",
      "SkipsTheCall, uses skipOn",
      "ReachesAgentInternals, uses io.sliagent.log.AgentLog",
      "EntersWithoutLeaving, enters the bridge (Bridge.enter) but no exit advice leaves it",
      "NotAdvice, has no @Advice.OnMethodEnter or @Advice.OnMethodExit method"})
  void eachRuleCatchesTheAdviceThatBreaksIt(String advice, String broken) throws IOException {
    List<String> found = AdviceRules.check(bytes(AdviceRulesTest.class.getName() + "$" + advice));
    assertFalse(found.isEmpty(), advice + " passed");
    assertTrue(found.get(0).contains(broken), found.toString());
  }

  private static byte[] bytes(String className) throws IOException {
    try (InputStream in = AdviceRulesTest.class.getClassLoader()
        .getResourceAsStream(className.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  static final class NoSuppress {
    @Advice.OnMethodEnter
    static long enter(@Call int call) {
      return Bridge.enter(call);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Call int call, @Advice.Enter long start) {
      Bridge.exit(call, null, null, null, null, start);
    }
  }

  static final class ExitSkipsThrowingCalls {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@Call int call) {
      return Bridge.enter(call);
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Call int call, @Advice.Enter long start) {
      Bridge.exit(call, null, null, null, null, start);
    }
  }

  /** Reports an event after a constructor, entering nothing: no onThrowable needed there. */
  static final class ConstructedEvent {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Call int call, @Advice.This Object created) {
      Bridge.event(call, created, null, null);
    }
  }

  @Test
  void anEventOnlyExitMayDoWithoutOnThrowable() throws IOException {
    assertEquals(List.of(), AdviceRules.check(bytes(AdviceRulesTest.class.getName()
        + "$ConstructedEvent")));
  }

  static final class WritesTheResult {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Call int call,
        @Advice.Return(readOnly = false, typing = net.bytebuddy.implementation.bytecode.assign
            .Assigner.Typing.DYNAMIC) Object result) {
      result = null;
    }
  }

  static final class SkipsTheCall {
    @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
    static boolean enter() {
      return true;
    }
  }

  static final class ReachesAgentInternals {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
      AgentLog.info("entered");
    }
  }

  static final class EntersWithoutLeaving {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@Call int call) {
      return Bridge.enter(call);
    }
  }

  static final class NotAdvice {
    static void helper() {}
  }
}
