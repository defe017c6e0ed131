package io.sliagent.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.ProfilerConfig;

/** What the two runners share: JMH's own command-line options, and reading the results. */
final class Jmh {

  private Jmh() {}

  /** A score and its 99.9% error (NaN when JMH could not compute one, e.g. a single sample). */
  record Score(double value, double error) {
    static final Score NONE = new Score(Double.NaN, Double.NaN);

    Score minus(Score base) {
      double e = Double.isNaN(error) && Double.isNaN(base.error) ? Double.NaN
          : Math.hypot(orZero(error), orZero(base.error));
      return new Score(value - base.value, e);
    }

    String format(int width) {
      String v = Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
      String e = Double.isNaN(error) ? "" : String.format(Locale.ROOT, " ± %.1f", error);
      return width == 0 ? v + e : String.format(Locale.ROOT, "%" + width + "s", v + e);
    }

    private static double orZero(double d) {
      return Double.isNaN(d) ? 0 : d;
    }
  }

  private static CommandLineOptions parse(String[] args) {
    try {
      return new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * The runner's own arguments: {@code --out DIR}, {@code --quick} (the {@code quick} JMH
   * options, which JMH options given after them override), and the JMH command line.
   */
  static final class Args {
    Path out = Paths.get("benchmarks/target/jmh-results");
    final Map<String, String> values = new HashMap<>();
    private final List<String> jmh = new ArrayList<>();
    private final List<String> valued;
    private boolean quick;

    Args(String[] args, String... valuedOptions) {
      valued = List.of(valuedOptions);
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--out")) {
          out = Paths.get(args[++i]);
        } else if (args[i].equals("--quick")) {
          quick = true;
        } else if (valued.contains(args[i])) {
          values.put(args[i], args[++i]);
        } else {
          jmh.add(args[i]);
        }
      }
    }

    /** The JMH options on the builder: quick ones if asked, then the command line's. */
    CommandLineOptions applyTo(ChainedOptionsBuilder b, String... quickOptions) {
      if (quick) {
        apply(parse(quickOptions), b);
      }
      CommandLineOptions cli = parse(jmh.toArray(new String[0]));
      apply(cli, b);
      // The GC profiler is always on: B/op is a result.
      b.addProfiler(GCProfiler.class);
      for (ProfilerConfig p : cli.getProfilers()) {
        b.addProfiler(p.getKlass(), p.getOpts());
      }
      b.shouldFailOnError(true);
      return cli;
    }

    /** {@code -jvmArgsAppend} of the command line, to add to the runner's own. */
    List<String> jvmArgsAppend() {
      var given = parse(jmh.toArray(new String[0])).getJvmArgsAppend();
      return given.hasValue() ? new ArrayList<>(given.get()) : new ArrayList<>();
    }

    /** The benchmark regexps given on the command line. */
    List<String> includes() {
      return parse(jmh.toArray(new String[0])).getIncludes();
    }
  }

  /** Forks, iterations, times, verbosity: what the command line set. */
  private static void apply(CommandLineOptions cli, ChainedOptionsBuilder b) {
    if (cli.getForkCount().hasValue()) {
      b.forks(cli.getForkCount().get());
    }
    if (cli.getWarmupIterations().hasValue()) {
      b.warmupIterations(cli.getWarmupIterations().get());
    }
    if (cli.getWarmupTime().hasValue()) {
      b.warmupTime(cli.getWarmupTime().get());
    }
    if (cli.getMeasurementIterations().hasValue()) {
      b.measurementIterations(cli.getMeasurementIterations().get());
    }
    if (cli.getMeasurementTime().hasValue()) {
      b.measurementTime(cli.getMeasurementTime().get());
    }
    if (cli.verbosity().hasValue()) {
      b.verbosity(cli.verbosity().get());
    }
  }

  static Score primary(RunResult r) {
    Result<?> p = r.getPrimaryResult();
    return new Score(p.getScore(), p.getScoreError());
  }

  /** Bytes allocated per operation (GC profiler), NONE if the profiler did not report. */
  static Score allocation(RunResult r) {
    for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith("gc.alloc.rate.norm")) {
        return new Score(e.getValue().getScore(), e.getValue().getScoreError());
      }
    }
    return Score.NONE;
  }

  /** Operations in the measured iterations, over every fork and thread. */
  static long measuredOps(RunResult r) {
    long n = 0;
    for (BenchmarkResult b : r.getBenchmarkResults()) {
      for (IterationResult i : b.getIterationResults()) {
        n += i.getMetadata().getMeasuredOps();
      }
    }
    return n;
  }

  /** {@code Class.method} and its parameters, e.g. {@code DispatchJdbc.prepared objectives=true}. */
  static String name(BenchmarkParams p) {
    String full = p.getBenchmark();
    int method = full.lastIndexOf('.');
    String name = full.substring(full.lastIndexOf('.', method - 1) + 1);
    StringBuilder out = new StringBuilder(name);
    for (String key : p.getParamsKeys()) {
      out.append(' ').append(key).append('=').append(p.getParam(key));
    }
    return out.toString();
  }
}
