/**
 * Jobs: the methods the objectives file names ({@code job: { method: "com.acme.Etl#run" }}),
 * instrumented at start-up, and Spring's {@code @Scheduled} methods without naming them; each
 * run's duration and outcome. Uses {@code api} and {@code bootstrap}.
 */
package io.sliagent.instrumentation.jobs;
