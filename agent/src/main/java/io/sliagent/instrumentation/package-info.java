/**
 * Installs the discovered instrumentations: numbers their calls, builds their handlers, checks
 * every advice against {@link io.sliagent.instrumentation.AdviceRules}, matches each class that
 * passes a name test on what its class file says ({@code ClassInfo}, supertypes read from its
 * loader as a matcher asks) and applies the advice: the agent's own weaver ({@link
 * io.sliagent.instrumentation.InlineAdvice}, on ByteBuddy's ASM) where the advice has its shape,
 * ByteBuddy's {@code Advice} and type pool elsewhere, loaded only then; its transformers are
 * built on the agent's start-up thread, beside the application's start-up. The {@link
 * io.sliagent.instrumentation.Dispatcher} is what the bridge calls: nesting, the agent's own
 * threads, faults. May use {@code api}, {@code bootstrap}, {@code log} and ByteBuddy; knows no
 * library and no recording type. Each library's instrumentation is a subpackage that uses {@code
 * api}, {@code bootstrap} and {@code endpoint} only, exactly as an extension would.
 */
package io.sliagent.instrumentation;
