package io.sliagent.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Classes one instrumentation changes and the advice it applies to their methods. Advice is
 * named by class, so it is read as bytes and pasted into the target, never loaded by the agent:
 * it may use the library's types, which link in the target's class loader. Every advice method
 * must suppress {@code Throwable}, leave arguments, return values and exceptions as they are,
 * and talk to the agent only through {@link io.sliagent.bootstrap.Bridge}.
 */
public final class Target {

  private final Matcher<? super TypeInfo> types;
  private final List<AdviceOn> advice = new ArrayList<>();
  private final List<AdviceOn> runs = new ArrayList<>();
  private final List<CallSite> calls = new ArrayList<>();
  private boolean slot;

  private Target(Matcher<? super TypeInfo> types) {
    this.types = Objects.requireNonNull(types, "types");
  }

  /**
   * The types to change ({@link Matchers}); start with a cheap name test ({@code nameStartsWith})
   * before {@link Matchers#isSubTypeOf}, which reads the class's hierarchy.
   */
  public static Target types(Matcher<? super TypeInfo> types) {
    return new Target(types);
  }

  /**
   * Applies the advice class {@code adviceClass} (a binary name) to the methods {@code methods}
   * matches; its {@link Call @Call} parameters receive the number of the handler named {@code
   * call} in {@link Instrumentation#handlers}.
   */
  public Target advice(Matcher<? super MethodInfo> methods, String adviceClass,
      String call) {
    advice.add(new AdviceOn(methods, adviceClass, call));
    return this;
  }

  /**
   * Makes every {@code Runnable.run()} that the methods {@code methods} matches invoke go through
   * {@link io.sliagent.bootstrap.Bridge#run}, as the call {@code call}: the handler's target is the
   * method's {@code this}, its argument the task. This is how a thread pool's worker loop is
   * measured task by task, whatever the tasks' classes (lambdas included, which no agent can
   * change). The calls do not nest ({@link CallHandler#onBegin}).
   */
  public Target wrapRuns(Matcher<? super MethodInfo> methods, String call) {
    runs.add(new AdviceOn(methods, RUNNABLE_RUN, call));
    return this;
  }

  /**
   * Applies the advice class {@code adviceClass}, as the call {@code call}, to every call these
   * types make to the interface method {@code type.method(parameterType)}, whatever the class of
   * the object called: this is how a library's dispatch to an application's callback (a JMS
   * {@code MessageListener}) is measured when the callback is a lambda, which no agent can change,
   * or has a name no cheap test would pick.
   *
   * <p>Each such {@code invokeinterface} becomes a call of a private static method the agent adds
   * to the class, {@code sli$method$type} (dots as underscores), that makes the call; the advice
   * is applied to it. Its parameters are the call's argument, then the object called, so advice
   * written for the interface's implementations ({@code @Advice.Argument(0)}, no {@code
   * @Advice.This}) applies unchanged, and a call of one that advice of the same signal also
   * measures nests: it is measured once. A method is added only as the class loads (a loaded
   * class cannot gain one): classes loaded before the agent keep their calls as they are. Start
   * the type matcher with a cheap name test; classes that never name {@code type} are left alone
   * without reading their code.
   *
   * @param type the interface's binary name ({@code jakarta.jms.MessageListener})
   * @param method the method's name, which takes one argument of reference type
   * @param parameterType that argument's declared type's binary name
   */
  public Target adviceAtCalls(String type, String method, String parameterType,
      String adviceClass, String call) {
    calls.add(new CallSite(type, method, parameterType, new AdviceOn(
        Matchers.none(), adviceClass, call)));
    return this;
  }

  /** What {@link #wrapRuns} entries name as their advice class: none, the call is rewritten. */
  public static final String RUNNABLE_RUN = "java.lang.Runnable#run";

  /**
   * Adds a {@link io.sliagent.bootstrap.Slot} field to these types when they load after the
   * agent, so {@link Slots} keeps per-object state in a field rather than a map.
   */
  public Target withSlot() {
    this.slot = true;
    return this;
  }

  /** The types this target changes. */
  public Matcher<? super TypeInfo> typeMatcher() {
    return types;
  }

  /** The advice applied to them, in the order given. */
  public List<AdviceOn> advice() {
    return Collections.unmodifiableList(advice);
  }

  /** The methods whose {@code Runnable.run()} calls are wrapped ({@link #wrapRuns}). */
  public List<AdviceOn> wrappedRuns() {
    return Collections.unmodifiableList(runs);
  }

  /** The interface calls these types make that get advice ({@link #adviceAtCalls}). */
  public List<CallSite> adviceAtCalls() {
    return Collections.unmodifiableList(calls);
  }

  /** Whether they get a {@link io.sliagent.bootstrap.Slot} field. */
  public boolean slot() {
    return slot;
  }

  /** One advice class applied to the methods of the target's types that a matcher selects. */
  public static final class AdviceOn {
    private final Matcher<? super MethodInfo> methods;
    private final String adviceClass;
    private final String call;

    AdviceOn(Matcher<? super MethodInfo> methods, String adviceClass, String call) {
      this.methods = Objects.requireNonNull(methods, "methods");
      this.adviceClass = Objects.requireNonNull(adviceClass, "adviceClass");
      this.call = Objects.requireNonNull(call, "call");
    }

    /** The methods it applies to. */
    public Matcher<? super MethodInfo> methods() {
      return methods;
    }

    /** The advice class's binary name. */
    public String adviceClass() {
      return adviceClass;
    }

    /** The name of the call, a key of {@link Instrumentation#handlers}. */
    public String call() {
      return call;
    }
  }

  /** Calls of one interface method that get advice ({@link #adviceAtCalls}). */
  public static final class CallSite {
    private final String type;
    private final String method;
    private final String parameterType;
    private final AdviceOn advice;

    CallSite(String type, String method, String parameterType, AdviceOn advice) {
      this.type = Objects.requireNonNull(type, "type");
      this.method = Objects.requireNonNull(method, "method");
      this.parameterType = Objects.requireNonNull(parameterType, "parameterType");
      this.advice = advice;
    }

    /** The interface's binary name. */
    public String type() {
      return type;
    }

    /** The method's name. */
    public String method() {
      return method;
    }

    /** The binary name of its one parameter's type. */
    public String parameterType() {
      return parameterType;
    }

    /**
     * The advice and its call; its method matcher matches nothing: the advice goes to the method
     * the agent adds.
     */
    public AdviceOn advice() {
      return advice;
    }
  }
}
