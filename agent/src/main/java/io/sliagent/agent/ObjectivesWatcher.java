package io.sliagent.agent;

import io.sliagent.api.Signal;
import io.sliagent.log.AgentLog;
import io.sliagent.objectives.ObjectivesParser;
import io.sliagent.objectives.Problem;
import io.sliagent.slo.SloEngine;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Loads the objectives file and picks up its changes while the JVM runs (polled every couple of
 * seconds: a file watch misses edits on some mounts and through symlink swaps, as Kubernetes
 * config maps make them). A broken file never stops anything: at start-up the valid objectives
 * are used; a broken edit keeps the objectives in force. A change is applied only once two polls
 * read the same bytes, and an emptied file is refused, so a save caught half-written never wipes
 * the error budgets. Each problem is said once per version of the file.
 */
final class ObjectivesWatcher {

  /** The parser refuses larger files; reading more would only cost memory. */
  private static final int MAX_BYTES = 1024 * 1024 + 1;

  private final Path file;
  private final SloEngine engine;
  private final List<Signal> signals;
  private volatile Runnable afterReload = () -> {};
  private byte[] applied;
  private byte[] pending;

  /** Watches {@code file}, whose objectives may select the endpoints of {@code signals}. */
  ObjectivesWatcher(Path file, SloEngine engine, List<Signal> signals) {
    this.file = file;
    this.engine = engine;
    this.signals = signals;
  }

  /** What to do once new objectives are in force (rebinding the endpoints). */
  void afterReload(Runnable action) {
    afterReload = action;
  }

  /** The first load: what is valid is put in force, problems are logged. */
  ObjectivesParser.Parsed loadInitial() {
    applied = read();
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse(file, signals);
    report(parsed, "");
    engine.load(parsed.objectives());
    return parsed;
  }

  /** Called periodically: reloads when the file's content changed and has settled. */
  void check() {
    byte[] content = read();
    if (Arrays.equals(content, applied)) {
      pending = null;
      return;
    }
    if (!Arrays.equals(content, pending)) {
      pending = content; // changed since the last poll: wait until it holds still
      return;
    }
    applied = content;
    pending = null;
    if (content.length == 0) {
      AgentLog.warn(file + " is empty or unreadable; keeping the objectives in force");
      return;
    }
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse(file, signals);
    if (!parsed.problems().isEmpty()) {
      report(parsed, "; keeping the objectives in force");
      return;
    }
    String service = engine.objectives().service();
    engine.load(parsed.objectives());
    afterReload.run();
    AgentLog.info("objectives reloaded from " + file + ": " + parsed.summary());
    if (!Objects.equals(service, parsed.objectives().service())) {
      AgentLog.warn("the service in " + file + " changed; the exported service name changes"
          + " at the next restart");
    }
  }

  private static void report(ObjectivesParser.Parsed parsed, String suffix) {
    for (Problem p : parsed.problems()) {
      AgentLog.error(p + suffix, null);
    }
  }

  private byte[] read() {
    if (!Files.isRegularFile(file)) {
      return new byte[0]; // missing, or a FIFO/device that would block or never end
    }
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(MAX_BYTES);
    } catch (Exception e) {
      return new byte[0];
    }
  }
}
