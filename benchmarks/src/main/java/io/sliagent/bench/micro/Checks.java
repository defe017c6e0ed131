package io.sliagent.bench.micro;

import io.sliagent.recording.Endpoint;

/** A fixture that stopped recording must fail the run, never look cheap. */
final class Checks {

  private Checks() {}

  static void recorded(AgentFixture agent, Endpoint endpoint, boolean objectives) {
    long calls = AgentFixture.calls(endpoint);
    long events = agent.sloEvents();
    if (calls < 1000) {
      throw new IllegalStateException("the endpoint recorded " + calls + " calls");
    }
    if (events != (objectives ? 2 * calls : 0)) { // latency and success: two per call
      throw new IllegalStateException(calls + " calls but " + events + " SLI events");
    }
  }
}
