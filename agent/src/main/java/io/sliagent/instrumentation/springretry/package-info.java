/**
 * Spring Retry 1.3 and 2.x ({@code RetryTemplate}, under {@code @Retryable} too), stateless and
 * stateful: its attempts after the first are retries of whatever calls they make. Uses {@code
 * api}, {@code bootstrap}.
 */
package io.sliagent.instrumentation.springretry;
