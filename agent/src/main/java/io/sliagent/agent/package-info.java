/**
 * The entry points: {@code premain} (reads the switch, puts the bridge in the bootstrap loader,
 * wires discovery, objectives, recording, instrumentation and export together and says so once)
 * and {@code java -jar sli-agent.jar} (validate, rules, openslo). The only package that may use every other.
 */
package io.sliagent.agent;
