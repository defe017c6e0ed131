/**
 * JMS, {@code javax.jms} and {@code jakarta.jms}, for any provider: messages processed by a
 * {@code MessageListener} and by a loop of {@code MessageConsumer.receive} calls. Uses {@code api}
 * and {@code bootstrap}.
 */
package io.sliagent.instrumentation.jms;
