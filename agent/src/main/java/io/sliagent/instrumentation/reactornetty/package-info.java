/**
 * Reactor Netty's HTTP client (1.2 and 1.3), and Spring's {@code WebClient} over it: each request
 * from its subscription to its response's head, failure or cancellation. Uses {@code api}, {@code
 * bootstrap}, {@code endpoint}.
 */
package io.sliagent.instrumentation.reactornetty;
