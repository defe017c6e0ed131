package io.sliagent.instrumentation.executor;

import static io.sliagent.api.Matchers.isConstructor;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.namedOneOf;
import static io.sliagent.api.Matchers.takesArgument;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Matcher;
import io.sliagent.api.MethodInfo;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import java.util.List;
import java.util.Map;

/**
 * The JDK's thread pools, whoever made them: a {@code ThreadPoolExecutor}'s worker loop runs each
 * task through the bridge ({@link Target#wrapRuns}), so every task is measured whatever its class;
 * a {@code ForkJoinPool}'s tasks are measured where they run ({@code ForkJoinTask.doExec}), each
 * one that went through a queue. Queue wait starts at {@code execute} or at the push into a
 * fork-join queue, and at the due time of a scheduled task.
 */
public final class ExecutorInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      ExecutorInstrumentation.class.getPackageName() + ".";

  private static final String PREFIX = "java/util/concurrent/";
  static final String TPE = PREFIX + "ThreadPoolExecutor";
  static final String FJP = PREFIX + "ForkJoinPool";
  static final String WORK_QUEUE = PREFIX + "ForkJoinPool$WorkQueue";
  static final String FJT = PREFIX + "ForkJoinTask";
  static final String FUTURE_TASK = PREFIX + "FutureTask";
  static final String ASYNC_SUPPLY = PREFIX + "CompletableFuture$AsyncSupply";
  static final String ASYNC_RUN = PREFIX + "CompletableFuture$AsyncRun";
  /** Java 21 and later: a thread per task, virtual threads' executor among them. */
  static final String PER_TASK = PREFIX + "ThreadPerTaskExecutor";
  static final String PER_TASK_RUNNER = PER_TASK + "$TaskRunner";
  static final String PER_TASK_FUTURE = PER_TASK + "$ThreadBoundFuture";

  @Override
  public String name() {
    return "executors";
  }

  @Override
  public Signal signal() {
    return Signal.EXECUTOR;
  }

  @Override
  public boolean mayChange(String internalName) {
    return internalName.startsWith(PREFIX) && (internalName.equals(TPE)
        || internalName.equals(FJP) || internalName.equals(WORK_QUEUE)
        || internalName.equals(FJT) || internalName.equals(FUTURE_TASK)
        || internalName.equals(ASYNC_SUPPLY) || internalName.equals(ASYNC_RUN)
        || internalName.startsWith(PER_TASK));
  }

  private static String binary(String internalName) {
    return internalName.replace('/', '.');
  }

  /** One {@code Runnable}, by name. */
  private static Matcher<MethodInfo> takesTask() {
    return takesArguments(1).and(takesArgument(0, named("java.lang.Runnable")));
  }

  @Override
  public List<Target> targets() {
    return List.of(
        Target.types(named(binary(TPE)))
            .advice(isConstructor(), ADVICE + "CreatedAdvice", "created")
            .advice(named("execute").and(takesTask()),
                ADVICE + "SubmitAdvice", "submit")
            .advice(named("reject").and(takesTask()),
                ADVICE + "RejectAdvice", "reject")
            .wrapRuns(named("runWorker"), "run")
            .withSlot(),
        Target.types(named(binary(FJP)))
            .advice(isConstructor(), ADVICE + "CreatedAdvice", "created")
            .advice(named("externalPush").and(takesArguments(1)),
                ADVICE + "ExternalPushAdvice", "push")
            .advice(namedOneOf("execute", "submit", "invoke").and(takesArguments(1)),
                ADVICE + "PoolRejectAdvice", "pool-reject")
            .withSlot(),
        Target.types(named(binary(WORK_QUEUE)))
            .advice(named("push").and(takesArgument(0, named(binary(FJT))))
                .and(takesArgument(1, named(binary(FJP)))), ADVICE + "PushAdvice", "push"),
        Target.types(named(binary(FJT)))
            .advice(named("doExec").and(takesArguments(0)), ADVICE + "DoExecAdvice", "exec")
            .withSlot(),
        // Only a slot: the submission time of every submit() and schedule().
        Target.types(named(binary(FUTURE_TASK))).withSlot(),
        Target.types(namedOneOf(binary(ASYNC_SUPPLY), binary(ASYNC_RUN)))
            .advice(named("run").and(takesArguments(0)), ADVICE + "AsyncTaskAdvice",
                "async-failed"),
        Target.types(named(binary(PER_TASK)))
            .advice(isConstructor(), ADVICE + "CreatedAdvice", "created")
            .withSlot(),
        Target.types(namedOneOf(binary(PER_TASK_RUNNER), binary(PER_TASK_FUTURE)))
            .advice(isConstructor(), ADVICE + "TaskMadeAdvice", "made")
            .advice(named("run").and(takesArguments(0)), ADVICE + "OwnThreadAdvice",
                "own-thread")
            .withSlot());
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    Pools pools = new Pools(recorder);
    return Map.of("created", pools.created(), "submit", pools.submit(), "reject", pools.reject(),
        "run", pools.run(), "push", pools.push(), "made", pools.made(),
        "own-thread", pools.run(), "pool-reject", pools.poolReject(), "exec", pools.exec(), "async-failed",
        pools.asyncFailed());
  }
}
