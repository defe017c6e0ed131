/**
 * What the agent's own HTTP endpoints (the status page, Prometheus' {@code /metrics}) share: the
 * one agent thread that answers their requests. Uses {@code bootstrap}'s {@code AgentThreads} and
 * {@code log}; nothing else.
 */
package io.sliagent.server;
