package io.sliagent.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The in-process microbenchmarks ({@code io.sliagent.bench.micro}) of the recording path with
 * the GC profiler: every one on one thread, then those on shared state on two threads (calls to
 * one endpoint from two threads contend on its atomics); then one table. Needs the agent jar on
 * the class path (bench/jmh.sh puts it there).
 *
 * <pre>
 * Micro [--out DIR] [--quick] [JMH options] [benchmark regexps]
 * </pre>
 */
public final class Micro {

  private static final String ALL = "io\\.sliagent\\.bench\\.micro\\.";
  /** Benchmarks whose state is shared between threads: where contention shows. */
  private static final String SHARED =
      ALL + "(Components|EndpointRecord|DispatchJdbc|DispatchHttp)\\.";

  /** About half a minute in all: a smoke test, not numbers to trust. */
  private static final String[] QUICK = {"-f", "1", "-wi", "1", "-w", "200ms", "-i", "1",
      "-r", "300ms"};

  public static void main(String[] args) throws Exception {
    Jmh.Args a = new Jmh.Args(args);
    Path out = a.out;
    Files.createDirectories(out);
    List<RunResult> all = new ArrayList<>();
    all.addAll(run(a, ALL, 1, out));
    all.addAll(run(a, SHARED, 2, out));
    String table = table(all);
    System.out.println();
    System.out.println(table);
    Files.writeString(out.resolve("micro.txt"), table, StandardCharsets.UTF_8);
  }

  private static List<RunResult> run(Jmh.Args a, String include, int threads, Path out)
      throws Exception {
    OptionsBuilder b = new OptionsBuilder();
    if (a.includes().isEmpty()) {
      b.include(include);
    } else {
      // Regexps given: those of them within this set (JMH includes are alternatives).
      for (String re : a.includes()) {
        b.include("(?=" + include + ").*" + re);
      }
    }
    a.applyTo(b, QUICK);
    var options = b.threads(threads)
        .jvmArgsAppend(a.jvmArgsAppend().toArray(new String[0]))
        .result(out.resolve("micro-" + threads + "t.json").toString())
        .resultFormat(ResultFormatType.JSON)
        .build();
    try {
      return new ArrayList<>(new Runner(options).run());
    } catch (NoBenchmarksException e) {
      if (a.includes().isEmpty()) {
        throw e;
      }
      return new ArrayList<>(); // the regexps given select none of this set
    }
  }

  static String table(List<RunResult> results) {
    StringBuilder s = new StringBuilder();
    String header = String.format(Locale.ROOT, "%-44s %7s %18s %16s", "benchmark", "threads",
        "ns/op", "B/op");
    s.append(header).append('\n').append("-".repeat(header.length())).append('\n');
    for (RunResult r : results) {
      s.append(String.format(Locale.ROOT, "%-44s %7d %s %s%n", Jmh.name(r.getParams()),
          r.getParams().getThreads(), Jmh.primary(r).format(18), Jmh.allocation(r).format(16)));
    }
    s.append("(mean ± 99.9% error; ns/op is per call of one thread, B/op from the GC profiler)\n");
    return s.toString();
  }

  private Micro() {}
}
