package io.sliagent.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a test application in a fresh JVM, with or without the agent, and captures its output. */
public final class ForkedJvm {

  private final String mainClass;
  private final List<String> args = new ArrayList<>();
  private final List<String> jvmArgs = new ArrayList<>();
  private final List<String> agentsBefore = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private String agentArgs;
  private Path agentJar;
  private String classpath = System.getProperty("sli.it.app.classpath");
  private boolean agent = true;
  private String javaHome = javaHomeForApps();
  private Duration timeout = Duration.ofSeconds(90);

  private ForkedJvm(String mainClass) {
    this.mainClass = mainClass;
  }

  public static ForkedJvm of(Class<?> main) {
    return new ForkedJvm(main.getName());
  }

  /** {@code java -jar executable.jar}. */
  public static ForkedJvm ofJar(Path executableJar) {
    return new ForkedJvm(executableJar.toString());
  }

  /**
   * The JDK the applications under test run on: {@code -Dsli.it.java.home} (the build runs the
   * suite a second time on Java 25 that way), else the one running the tests.
   */
  public static String javaHomeForApps() {
    return System.getProperty("sli.it.java.home", System.getProperty("java.home"));
  }

  /** The feature version of {@link #javaHomeForApps()}'s JDK (17, 25, ...). */
  public static int appJavaVersion() throws IOException {
    for (String line : Files.readAllLines(Path.of(javaHomeForApps(), "release"))) {
      if (line.startsWith("JAVA_VERSION=")) {
        String v = line.substring(line.indexOf('"') + 1);
        return Integer.parseInt(v.split("[.\"]")[0]);
      }
    }
    throw new IOException("no JAVA_VERSION in " + javaHomeForApps() + "/release");
  }

  public static Path agentJar() {
    String p = System.getProperty("sli.it.agent.jar");
    if (p == null) {
      throw new IllegalStateException("sli.it.agent.jar is not set: run through Maven");
    }
    Path jar = Path.of(p).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " does not exist: build the agent first");
    }
    return jar;
  }

  public ForkedJvm args(String... a) {
    args.addAll(List.of(a));
    return this;
  }

  public ForkedJvm jvmArg(String a) {
    jvmArgs.add(a);
    return this;
  }

  public ForkedJvm env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** Another -javaagent, attached before ours. */
  public ForkedJvm otherAgentFirst(String jar) {
    agentsBefore.add("-javaagent:" + jar);
    return this;
  }

  public ForkedJvm agentArgs(String a) {
    agentArgs = a;
    return this;
  }

  /** The agent jar to attach; by default the one the build made. */
  public ForkedJvm agentJar(Path jar) {
    agentJar = jar;
    return this;
  }

  public ForkedJvm classpath(String cp) {
    classpath = cp;
    return this;
  }

  public ForkedJvm withoutAgent() {
    agent = false;
    return this;
  }

  public ForkedJvm javaHome(String home) {
    javaHome = home;
    return this;
  }

  public ForkedJvm timeout(Duration t) {
    timeout = t;
    return this;
  }

  public Result run() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaHome + File.separator + "bin" + File.separator + "java");
    cmd.addAll(agentsBefore);
    if (agent) {
      cmd.add("-javaagent:" + (agentJar != null ? agentJar : agentJar()) + (agentArgs == null ? "" : "=" + agentArgs));
    }
    cmd.addAll(jvmArgs);
    if (mainClass.endsWith(".jar")) {
      cmd.add("-jar"); // an executable jar
    } else {
      cmd.add("-cp");
      cmd.add(classpath);
    }
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    // A clean export environment: only what the test sets.
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("SLI_")
        || k.equals("JAVA_TOOL_OPTIONS"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile("sli-it-out", ".txt");
    Path err = Files.createTempFile("sli-it-err", ".txt");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("application did not exit within " + timeout + "; stderr:\n"
          + Files.readString(err));
    }
    long elapsed = System.nanoTime() - start;
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8), Duration.ofNanos(elapsed));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }

  /** What a forked application did. */
  public static final class Result {
    public final int exitCode;
    public final String stdout;
    public final String stderr;
    public final Duration elapsed;

    Result(int exitCode, String stdout, String stderr, Duration elapsed) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
      this.elapsed = elapsed;
    }

    /** The number the application printed to stderr as a line {@code NAME <number>}. */
    public long figure(String name) {
      for (String line : stderr.split("\n")) {
        if (line.startsWith(name + " ")) {
          return Long.parseLong(line.substring(name.length() + 1).trim());
        }
      }
      throw new AssertionError("no " + name + " figure in\n" + stderr);
    }

    /** How often {@code part} occurs in stderr. */
    /** The instrumentations the agent said it installed, in its order; empty if it did not. */
    public java.util.List<String> instrumentations() {
      String tag = "[sli-agent] instrumentations: ";
      for (String line : stderr.split("\n")) {
        if (line.startsWith(tag)) {
          String names = line.substring(tag.length(), line.indexOf(';'));
          return names.equals("none") ? java.util.List.of()
              : java.util.List.of(names.split(", "));
        }
      }
      return java.util.List.of();
    }

    public int occurrencesInStderr(String part) {
      int n = 0;
      for (int i = stderr.indexOf(part); i >= 0; i = stderr.indexOf(part, i + 1)) {
        n++;
      }
      return n;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }
}
