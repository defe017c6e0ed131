/**
 * OTLP over gRPC: the agent's own HTTP/2 client, HPACK and gRPC framing. Uses java.base and {@code
 * export.transport}.
 */
package io.sliagent.export.grpc;
