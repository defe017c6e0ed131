package io.sliagent.instrumentation.executor;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
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

  @Override
  public List<Target> targets() {
    return List.of(
        Target.types(named(binary(TPE)))
            .advice(isConstructor(), CreatedAdvice.class.getName(), "created")
            .advice(named("execute").and(takesArguments(Runnable.class)),
                SubmitAdvice.class.getName(), "submit")
            .advice(named("reject").and(takesArguments(Runnable.class)),
                RejectAdvice.class.getName(), "reject")
            .wrapRuns(named("runWorker"), "run")
            .withSlot(),
        Target.types(named(binary(FJP)))
            .advice(isConstructor(), CreatedAdvice.class.getName(), "created")
            .advice(named("externalPush").and(takesArguments(1)),
                ExternalPushAdvice.class.getName(), "push")
            .advice(namedOneOf("execute", "submit", "invoke").and(takesArguments(1)),
                PoolRejectAdvice.class.getName(), "pool-reject")
            .withSlot(),
        Target.types(named(binary(WORK_QUEUE)))
            .advice(named("push").and(takesArgument(0, named(binary(FJT))))
                .and(takesArgument(1, named(binary(FJP)))), PushAdvice.class.getName(), "push"),
        Target.types(named(binary(FJT)))
            .advice(named("doExec").and(takesArguments(0)), DoExecAdvice.class.getName(), "exec")
            .withSlot(),
        // Only a slot: the submission time of every submit() and schedule().
        Target.types(named(binary(FUTURE_TASK))).withSlot(),
        Target.types(namedOneOf(binary(ASYNC_SUPPLY), binary(ASYNC_RUN)))
            .advice(named("run").and(takesArguments(0)), AsyncTaskAdvice.class.getName(),
                "async-failed"),
        Target.types(named(binary(PER_TASK)))
            .advice(isConstructor(), CreatedAdvice.class.getName(), "created")
            .withSlot(),
        Target.types(namedOneOf(binary(PER_TASK_RUNNER), binary(PER_TASK_FUTURE)))
            .advice(isConstructor(), TaskMadeAdvice.class.getName(), "made")
            .advice(named("run").and(takesArguments(0)), OwnThreadAdvice.class.getName(),
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
