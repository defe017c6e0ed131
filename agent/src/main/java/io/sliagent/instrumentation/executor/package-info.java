/**
 * Thread pools of the JDK: {@code ThreadPoolExecutor} (and {@code ScheduledThreadPoolExecutor},
 * everything {@code Executors.*} and Spring's {@code ThreadPoolTaskExecutor} build on it) and
 * {@code ForkJoinPool} (the common pool, {@code CompletableFuture.*Async}, parallel streams): each
 * task's wait in the queue and run, rejections, and the pool's gauges. Uses {@code api} and
 * {@code bootstrap}.
 */
package io.sliagent.instrumentation.executor;
