/**
 * The instrumentation API: what an instrumentation compiles against, built into the agent or
 * loaded from an extension jar. An {@link io.sliagent.api.Instrumentation} declares its name, its
 * {@link io.sliagent.api.Signal}, a class-name pre-filter, its {@link io.sliagent.api.Target}s
 * ({@link io.sliagent.api.Matchers} over what class files say, and advice by class name) and the
 * {@link io.sliagent.api.CallHandler}s that record into a {@link io.sliagent.api.Recorder}.
 * Un-relocated in the agent jar; uses java.base, {@code bootstrap} and ByteBuddy's {@code @Advice}
 * annotations (which the agent maps to its relocated copy).
 */
package io.sliagent.api;
