/**
 * The target of the relocated {@code java.util.logging}: the SDK's logging lands in {@code
 * AgentLog}, never in the JVM's LogManager. Uses {@code log} only.
 */
package io.sliagent.log.jul;
