/**
 * Spring Framework 7's own retry ({@code org.springframework.core.retry.RetryTemplate}, under
 * {@code @Retryable} too): its attempts after the first are retries of whatever calls they make.
 * Uses {@code api}.
 */
package io.sliagent.instrumentation.springcoreretry;
