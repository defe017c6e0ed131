/** What both OTLP senders share: targets, sockets and TLS, deadlines, retries. Uses java.base. */
package io.sliagent.export.transport;
