/**
 * RabbitMQ's Java client ({@code amqp-client} 5.x): every delivery a consumer processes, whatever
 * the consumer's class (lambdas of {@code DeliverCallback} included), timed where the client's
 * dispatcher hands it to {@code Consumer.handleDelivery}; failed when that throws or the
 * application nacks or rejects it. Uses {@code api} and {@code bootstrap}.
 */
package io.sliagent.instrumentation.rabbitmq;
