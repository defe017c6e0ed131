package io.sliagent.slo;

import io.sliagent.objectives.Objective;
import io.sliagent.objectives.Sli;

/** An objective's SLI and its counts: what the evaluator reads. */
public final class SliState {

  final Objective objective;
  final Sli sli;
  final SliCounter counter;
  final SliBinding binding;

  SliState(Objective objective, Sli sli, SliCounter counter) {
    this.objective = objective;
    this.sli = sli;
    this.counter = counter;
    this.binding = new SliBinding(sli, counter);
  }

  public Objective objective() {
    return objective;
  }

  public Sli sli() {
    return sli;
  }

  public SliCounter counter() {
    return counter;
  }

  String identity() {
    return identity(objective, sli);
  }

  /** Identifies the counts across reloads: same name, SLI, threshold, selection and window. */
  static String identity(Objective objective, Sli sli) {
    return objective.name() + "\u0000" + sli.type() + "\u0000" + sli.thresholdNanos() + "\u0000"
        + objective.selector().kind() + "\u0000" + objective.selector().criteria() + "\u0000"
        + objective.window().toMillis(); // the rings are sized for the window
  }
}
