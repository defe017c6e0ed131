package io.sliagent.it.overhead;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one application process and times it: from launch to exit, and to the first stdout line
 * that starts with a marker. Output is read as it comes, so the marker's time is when it was
 * printed.
 */
final class Launch {

  final int exitCode;
  final String stdout;
  final String stderr;
  /** The wall clock just before the process was started, in epoch microseconds. */
  final long launchedEpochMicros;
  final long wallNanos;
  /** The workload's JIT log, when the harness asked for one. */
  Path jitLog;
  /** Launch to the marker line; -1 if it never came. */
  final long markerNanos;

  private Launch(int exitCode, String stdout, String stderr, long launchedEpochMicros,
      long wallNanos, long markerNanos) {
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
    this.launchedEpochMicros = launchedEpochMicros;
    this.wallNanos = wallNanos;
    this.markerNanos = markerNanos;
  }

  static Launch run(List<String> command, Map<String, String> env, String marker,
      Duration timeout) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    // Only what the configuration sets: nothing from the harness's own environment.
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("SLI_")
        || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS")
        || k.equals("_JAVA_OPTIONS"));
    pb.environment().putAll(env);
    Path err = Files.createTempFile("sli-overhead-err", ".txt");
    pb.redirectError(err.toFile());
    StringBuilder out = new StringBuilder();
    long markerAt = -1;
    Instant launched = Instant.now();
    long start = System.nanoTime();
    Process p = pb.start();
    AtomicBoolean killed = new AtomicBoolean();
    CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
      killed.set(p.isAlive());
      p.destroyForcibly();
    }, CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (markerAt < 0 && line.startsWith(marker)) {
          markerAt = System.nanoTime() - start;
        }
        out.append(line).append('\n');
      }
    }
    p.waitFor();
    watchdog.cancel(false);
    long wall = System.nanoTime() - start;
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    Files.delete(err);
    if (killed.get()) {
      throw new IOException("killed after " + timeout + ": " + command + "\n--- stderr\n"
          + stderr);
    }
    return new Launch(p.exitValue(), out.toString(), stderr,
        launched.getEpochSecond() * 1_000_000 + launched.getNano() / 1000, wall, markerAt);
  }

  /** The value of {@code key=value} on the first stdout line starting with {@code prefix}. */
  String field(String prefix, String key) {
    for (String line : stdout.split("\n")) {
      if (line.startsWith(prefix)) {
        for (String token : line.split(" ")) {
          if (token.startsWith(key + "=")) {
            return token.substring(key.length() + 1);
          }
        }
      }
    }
    throw new IllegalStateException("no " + key + " in a line starting with " + prefix
        + "; " + this);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }
}
