package io.sliagent.status;

/**
 * {@code /status.json}: the page's numbers for scripts. Fractions are fractions (0.999, not
 * 99.9); latencies are milliseconds; null where there is no number (no calls yet).
 */
final class StatusJson {

  private StatusJson() {}

  static String write(Status status) {
    Json j = new Json().begin('{');
    j.name("service").value(status.service);
    j.name("time").value(status.epochMillis);
    j.name("objectives").begin('[');
    for (Status.Row r : status.objectives) {
      j.begin('{');
      j.name("name").value(r.name);
      j.name("sli").value(r.sli);
      j.name("objective").value(r.spec);
      j.name("selector").value(r.selector);
      j.name("window").value(r.window);
      j.name("target").value(r.target);
      j.name("good").value(r.good);
      j.name("bad").value(r.bad);
      j.name("attainment").value(r.attainment);
      j.name("errorBudgetRemaining").value(r.budgetRemaining);
      j.name("burnRates").begin('{');
      r.burnRates.forEach((w, v) -> j.name(w).value(v));
      j.end('}');
      j.name("calls").value(r.calls);
      j.name("p50Ms").value(r.p50Millis);
      j.name("p99Ms").value(r.p99Millis);
      j.name("historyStepSeconds").value(Status.STEP_MILLIS / 1000);
      j.name("history").begin('[');
      for (long[] gt : r.history) {
        j.begin('{').name("good").value(gt[0]).name("total").value(gt[1]).end('}');
      }
      j.end(']');
      j.end('}');
    }
    j.end(']');
    j.name("endpoints").begin('[');
    for (Status.EndpointRow e : status.others) {
      j.begin('{');
      j.name("signal").value(e.signal);
      j.name("attributes").object(e.attributes);
      j.name("calls").value(e.calls);
      j.name("failed").value(e.failed);
      j.name("p50Ms").value(e.p50Millis);
      j.name("p99Ms").value(e.p99Millis);
      j.end('}');
    }
    j.end(']');
    return j.end('}').toString();
  }
}
