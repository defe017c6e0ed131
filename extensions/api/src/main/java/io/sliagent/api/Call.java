package io.sliagent.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * Marks the {@code int} parameter of an advice method that receives the number the agent gave
 * this advice's call ({@link Target#advice}): a constant pasted into the instrumented code, which
 * the advice passes to every {@link io.sliagent.bootstrap.Bridge} method.
 *
 * <pre>{@code
 * @Advice.OnMethodEnter(suppress = Throwable.class)
 * public static long enter(@Call int call) {
 *   return Bridge.enter(call);
 * }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@java.lang.annotation.Target(ElementType.PARAMETER)
public @interface Call {}
