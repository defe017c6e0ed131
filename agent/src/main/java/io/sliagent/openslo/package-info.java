/**
 * {@code java -jar sli-agent.jar openslo FILE}: the objectives as OpenSLO v1 SLO documents, whose
 * ratio indicators query the agent's {@code slo.events} in Prometheus as the rules do, and whose
 * annotations let the agent read them back as the same objectives. May use {@code objectives}
 * and {@code rules} (its selectors and YAML scalars) only.
 */
package io.sliagent.openslo;
