/**
 * Failsafe 3.x, its synchronous executions ({@code Failsafe.with(...).get/run/call}): attempts
 * after the first are retries of whatever calls they make. Uses {@code api}, {@code bootstrap}.
 */
package io.sliagent.instrumentation.failsafe;
