/**
 * Resilience4j Retry (1.x and 2.x), its synchronous decorators: the attempts after the first are
 * retries of whatever calls they make. Uses {@code api}, {@code bootstrap}.
 */
package io.sliagent.instrumentation.resilience4j;
