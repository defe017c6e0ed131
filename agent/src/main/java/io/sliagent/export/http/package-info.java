/**
 * OTLP over HTTP/1.1: one kept-alive connection, the agent's own client. Uses java.base and {@code
 * export.transport}.
 */
package io.sliagent.export.http;
