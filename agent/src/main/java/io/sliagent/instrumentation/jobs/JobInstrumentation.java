package io.sliagent.instrumentation.jobs;

import static io.sliagent.api.Matchers.isAbstract;
import static io.sliagent.api.Matchers.isConstructor;
import static io.sliagent.api.Matchers.isTypeInitializer;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.not;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Matcher;
import io.sliagent.api.MethodInfo;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import io.sliagent.api.TypeInfo;
import io.sliagent.log.AgentLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jobs, which nobody calls: the methods the objectives file names with {@code job: { method:
 * "Class#method" }} (read at start-up; a method named by a later edit of the file is measured
 * from the next start), every {@code @Scheduled} method of Spring, through the runnable Spring
 * runs each with, and every Quartz job, through the shell Quartz runs each in. A run is one
 * call: its duration, and its exception when it threw.
 */
public final class JobInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      JobInstrumentation.class.getPackageName() + ".";

  static final String SCHEDULED_RUNNABLE =
      "org/springframework/scheduling/support/ScheduledMethodRunnable";
  static final String QUARTZ_SHELL = "org/quartz/core/JobRunShell";

  private volatile List<MethodPattern> patterns = List.of();

  @Override
  public String name() {
    return "jobs";
  }

  @Override
  public Signal signal() {
    return Signal.JOB;
  }

  @Override
  public void objectives(List<Map<String, String>> selectors) {
    List<MethodPattern> read = new ArrayList<>();
    for (Map<String, String> s : selectors) {
      String text = s.get("method");
      if (text == null) {
        continue;
      }
      MethodPattern p = MethodPattern.parse(text);
      if (p == null) {
        // validate says the same, with the file's line and column.
        AgentLog.warn("job method '" + text + "' is not Class#method; not instrumented");
      } else if (!read.contains(p)) {
        read.add(p);
      }
    }
    patterns = List.copyOf(read);
  }

  @Override
  public boolean mayChange(String internalName) {
    if (internalName.equals(SCHEDULED_RUNNABLE) || internalName.equals(QUARTZ_SHELL)) {
      return true;
    }
    for (MethodPattern p : patterns) {
      if (p.matchesType(internalName)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    targets.add(Target.types(named(SCHEDULED_RUNNABLE.replace('/', '.')))
        .advice(named("run").and(takesArguments(0)), ADVICE + "ScheduledAdvice", "run"));
    targets.add(Target.types(named(QUARTZ_SHELL.replace('/', '.')))
        .advice(named("notifyListenersBeginning").and(takesArguments(1)),
            ADVICE + "QuartzBeginAdvice", "quartz")
        .advice(named("notifyJobListenersComplete").and(takesArguments(2)),
            ADVICE + "QuartzEndAdvice", "quartz-end")
        .withSlot());
    if (!patterns.isEmpty()) {
      List<MethodPattern> named = patterns;
      Matcher<TypeInfo> types = type -> {
        for (MethodPattern p : named) {
          if (p.matchesType(type.name())) {
            return true;
          }
        }
        return false;
      };
      Matcher<MethodInfo> methods = method -> {
        String owner = method.declaringType().name();
        for (MethodPattern p : named) {
          if (p.matchesType(owner) && p.matchesMethod(method.name())) {
            return true;
          }
        }
        return false;
      };
      targets.add(Target.types(types).advice(
          not(isAbstract()).and(not(isConstructor())).and(not(isTypeInitializer())).and(methods),
          ADVICE + "JobAdvice", "run"));
    }
    return targets;
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    Runs runs = new Runs(recorder, () -> patterns);
    CallHandler quartz = runs.quartz();
    return Map.of("run", runs, "quartz", quartz, "quartz-end", quartz);
  }
}
