package io.sliagent.it.overhead;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The harness's command line. */
final class Options {

  static final String USAGE = "options: [--quick] [--runs N] [--warmup SECONDS]"
      + " [--measure SECONDS] [--threads N] [--heap MIB] [--hello N] [--first-call N]"
      + " [--boot N] [--export-interval MS] [--configs a,b,...] [--jit-log true] [--out FILE]";

  /** Each configuration is run this often, interleaved; figures are medians over the runs. */
  int runs = 5;
  /**
   * Long enough for two exports (see {@link #exportIntervalMillis}): an agent's first export
   * loads and compiles its export path, a one-time cost that must not land in the measured
   * window, while the steady cost of exporting every few seconds must.
   */
  int warmupSeconds = 12;
  int measureSeconds = 15;
  int threads = 8;
  /**
   * The workload's heap, fixed and pre-touched, so that its peak RSS does not follow the
   * collector's sizing; 0 leaves the JVM's defaults.
   */
  int heapMiB = 256;
  /** Hello-world launches per configuration and run. */
  int hellos = 3;
  /** {@link FirstCallApp} launches per configuration and run; 0 skips them. */
  int firstCalls = 3;
  /** Spring Boot launches per configuration and run; 0 skips them. */
  int boots = 1;
  long exportIntervalMillis = 5_000;
  /** Logs the workload's JIT compilations to count the C2 code it throws away. */
  boolean jitLog;
  List<String> configs = new ArrayList<>(Configs.DEFAULTS);
  Path out;

  static Options parse(String... args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--quick")) {
        o.runs = 1;
        o.warmupSeconds = 2;
        o.measureSeconds = 3;
        o.hellos = 1;
        o.firstCalls = 1;
        o.boots = 0;
        continue;
      }
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(a + " needs a value; " + USAGE);
      }
      String v = args[++i];
      switch (a) {
        case "--runs":
          o.runs = positive(a, v);
          break;
        case "--warmup":
          o.warmupSeconds = Integer.parseInt(v);
          break;
        case "--measure":
          o.measureSeconds = positive(a, v);
          break;
        case "--threads":
          o.threads = positive(a, v);
          break;
        case "--heap":
          o.heapMiB = Integer.parseInt(v);
          break;
        case "--hello":
          o.hellos = Integer.parseInt(v);
          break;
        case "--first-call":
          o.firstCalls = Integer.parseInt(v);
          break;
        case "--boot":
          o.boots = Integer.parseInt(v);
          break;
        case "--export-interval":
          o.exportIntervalMillis = positive(a, v);
          break;
        case "--jit-log":
          o.jitLog = Boolean.parseBoolean(v);
          break;
        case "--configs":
          o.configs = configs(v);
          break;
        case "--out":
          o.out = Path.of(v);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + a + "; " + USAGE);
      }
    }
    return o;
  }

  private static int positive(String option, String value) {
    int n = Integer.parseInt(value);
    if (n <= 0) {
      throw new IllegalArgumentException(option + " must be positive, not " + value);
    }
    return n;
  }

  /** The configurations asked for; bare always, since everything is reported against it. */
  private static List<String> configs(String value) {
    List<String> asked = new ArrayList<>(Arrays.asList(value.split(",")));
    for (String name : asked) {
      if (!Configs.NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown configuration " + name + "; one of "
            + Configs.NAMES);
      }
    }
    if (asked.contains(Configs.SLI_BASELINE)
        && System.getProperty("sli.it.baseline.agent.jar") == null) {
      throw new IllegalArgumentException(Configs.SLI_BASELINE + " needs the jar to compare with:"
          + " --baseline-jar JAR (bench/overhead.sh)");
    }
    asked.remove(Configs.BARE);
    asked.add(0, Configs.BARE);
    return asked;
  }
}
