package io.sliagent.it.overhead;

import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The overhead harness: runs the same applications and load with no agent, with the
 * OpenTelemetry Java agent (metrics only) and with sli-agent (also against a collector that is
 * down and one that never answers), each in its own process, interleaved run by run, and reports
 * medians against the bare run as markdown, on stdout and in {@code --out FILE}.
 *
 * <p>The downstream HTTP server and the OTLP receiver run here, in the harness, so that neither
 * agent instruments them. System properties: {@code sli.it.agent.jar},
 * {@code sli.it.otel.javaagent}, {@code sli.it.boot.jar}, optionally {@code sli.it.java.home}
 * (the JDK the applications run on).
 */
public final class Harness {

  private Harness() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Results results = run(options);
    String report = Report.markdown(results, title(options));
    System.out.println(report);
    if (options.out != null) {
      Files.writeString(options.out, report);
      System.err.println("written to " + options.out);
    }
  }

  static Results run(Options options) throws IOException, InterruptedException {
    Path workDir = Files.createTempDirectory("sli-overhead");
    Results results = new Results(options.configs);
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TestHttpServer downstream = new TestHttpServer();
        Blackhole blackhole = new Blackhole()) {
      Map<String, Config> configs = Configs.create(receiver.httpEndpoint(), closedPort(),
          blackhole.endpoint(), options.exportIntervalMillis, workDir);
      Runner runner = new Runner(options, downstream.port(), receiver, results);
      List<String> names = options.configs;
      runner.warmUp(configs.get(Configs.BARE));
      for (int run = 1; run <= options.runs; run++) {
        // Each round starts with another configuration: none always runs after the same one.
        for (int i = 0; i < names.size(); i++) {
          runner.round(configs.get(names.get((i + run - 1) % names.size())), run);
        }
      }
    }
    return results;
  }

  static String title(Options o) throws IOException {
    return String.format("Overhead: %d run%s per configuration, Java %d (%s), %d threads,"
            + " %d s warm-up, %d s measured, export every %d ms",
        o.runs, o.runs == 1 ? "" : "s", ForkedJvm.appJavaVersion(), ForkedJvm.javaHomeForApps(),
        o.threads, o.warmupSeconds, o.measureSeconds, o.exportIntervalMillis);
  }

  /** An endpoint where nothing listens: a port just freed. */
  private static String closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }
}
