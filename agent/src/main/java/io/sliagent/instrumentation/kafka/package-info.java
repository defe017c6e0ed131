/**
 * Kafka consumers ({@code kafka-clients} 3.x and 4.x): each record the application takes from
 * the records a {@code KafkaConsumer.poll} returned, from the moment it gets it until it asks for
 * the next one (or the consumer polls, commits, seeks or closes), its age at that moment, and the
 * lag of each partition the consumer is assigned, as the consumer itself computed it at its last
 * poll. See {@link io.sliagent.instrumentation.kafka.Consumers} for what counts as a failure.
 * Uses {@code api} and {@code bootstrap}.
 */
package io.sliagent.instrumentation.kafka;
