/**
 * Spring Kafka's listener containers: what their error handling does to the records the {@code
 * kafka} instrumentation measures. A listener that throws fails its record as its exception's
 * class, and the records the error handler takes back unprocessed are not counted. Records
 * nothing itself; uses {@code api}, {@code bootstrap} and the {@code kafka} instrumentation's
 * {@link io.sliagent.instrumentation.kafka.RecordProcessing}.
 */
package io.sliagent.instrumentation.springkafka;
