package io.sliagent.it;

import static io.sliagent.it.support.Exported.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.JobsApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Jobs in a forked application with the agent: methods the objectives file names are measured
 * run by run under the name the file gives them, Spring's {@code @Scheduled} methods without
 * naming them, and a job's runs and failures land in {@code slo.events} for its objective.
 */
class JobsTest {

  static final String RUNS = "sli.job.duration";

  @Test
  void namedAndScheduledJobsRunsAndFailuresAreCountedExactly() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      String etl = JobsApp.NightlyEtl.class.getName() + "#run";
      String reports = JobsApp.Reports.class.getName() + "#*ly";
      Path objectives = Files.writeString(Files.createTempFile("sli-jobs", ".yaml"),
          String.join("\n",
              "objectives:",
              "  - name: nightly-etl",
              "    job: { method: \"" + etl + "\" }",
              "    duration: { threshold: 10s, target: 99% }",
              "    success: { target: 99% }",
              "  - name: reports",
              "    job: { method: \"" + reports + "\" }",
              "    success: { target: 99% }",
              ""));
      ForkedJvm.Result run = ForkedJvm.of(JobsApp.class)
          .agentArgs("config=" + objectives)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      Matcher m = Pattern.compile("jobs \\[etl runs 4 failed 1, reports 4, ticks (\\d+) failed"
          + " (\\d+), quartz runs 4]").matcher(run.stdout);
      assertTrue(m.find(), run.stdout);
      long ticks = Long.parseLong(m.group(1));
      long ticksFailed = Long.parseLong(m.group(2));
      assertTrue(ticks >= 6 && ticksFailed == ticks / 3, run.stdout);

      Exported e = receiver.latest();
      // Named in the file: the name is the file's.
      Map<String, String> nightly = Map.of("job.name", etl);
      assertEquals(4, e.count(RUNS, nightly));
      assertEquals(1, e.count(RUNS, with(nightly, "error.type",
          "java.lang.IllegalStateException")));
      assertEquals(4, e.sloEvents("nightly-etl", "duration", "good"));
      assertEquals(0, e.sloEvents("nightly-etl", "duration", "bad"));
      assertEquals(3, e.sloEvents("nightly-etl", "success", "good"));
      assertEquals(1, e.sloEvents("nightly-etl", "success", "bad"));
      // Two methods under one pattern: one job of the file's name.
      assertEquals(4, e.count(RUNS, Map.of("job.name", reports)));
      assertEquals(4, e.sloEvents("reports", "success", "good"));
      // @Scheduled, found without naming it: Class#method.
      Map<String, String> tick = Map.of("job.name", JobsApp.Ticks.class.getName() + "#tick");
      assertEquals(ticks, e.count(RUNS, tick));
      assertEquals(ticksFailed, e.count(RUNS, with(tick, "error.type",
          "java.lang.IllegalStateException")));
      // A Quartz job, found without naming it: Class#execute, its own exception (not Quartz's).
      Map<String, String> cleanup = Map.of("job.name",
          JobsApp.Cleanup.class.getName() + "#execute");
      assertEquals(4, e.count(RUNS, cleanup));
      assertEquals(1, e.count(RUNS, with(cleanup, "error.type",
          "java.lang.IllegalArgumentException")));
      assertEquals(ticks + 4 + 4 + 4, e.totalCount(RUNS), "nothing else is a job");
    }
  }
}
