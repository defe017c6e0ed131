package io.sliagent.it.overhead;

import java.util.List;
import java.util.Map;

/** One way to run the applications: which agent, with which settings. */
final class Config {

  /** What a run must show, so that a broken agent never looks cheap. */
  enum Check {
    NONE,
    /** Something arrived at the receiver under the run's service name. */
    EXPORTED,
    /** The agent started, and its exported call counts are above zero. */
    SLI_EXPORTED,
    /** The agent started (its collector is unreachable by design). */
    SLI_STARTED,
    /** The agent said it is switched off. */
    SLI_OFF
  }

  final String name;
  final List<String> jvmArgs;
  final Map<String, String> env;
  final Check check;

  Config(String name, List<String> jvmArgs, Map<String, String> env, Check check) {
    this.name = name;
    this.jvmArgs = jvmArgs;
    this.env = env;
    this.check = check;
  }
}
