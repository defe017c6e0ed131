package io.sliagent.agent;

import io.sliagent.log.AgentLog;
import io.sliagent.objectives.ObjectivesParser;
import io.sliagent.objectives.Problem;
import io.sliagent.recording.Recording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads the objectives file and picks up its changes while the JVM runs (polled every few
 * seconds: a file watch misses edits on some mounts and through symlink swaps, as Kubernetes
 * config maps do them). A broken file never stops anything: at start-up the valid objectives are
 * used; a broken edit keeps the last good ones. Each problem is said once per version of the file.
 */
final class ObjectivesWatcher {

  private final Path file;
  private final Recording recording;
  private byte[] lastContent;

  ObjectivesWatcher(Path file, Recording recording) {
    this.file = file;
    this.recording = recording;
  }

  /** The first load: what is valid is put in force, problems are logged. */
  ObjectivesParser.Parsed loadInitial() {
    lastContent = read();
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse(file);
    report(parsed, "");
    recording.slo().load(parsed.objectives());
    recording.rebind();
    return parsed;
  }

  /** Called periodically: reloads when the file's content changed. */
  void check() {
    byte[] content = read();
    if (Arrays.equals(content, lastContent)) {
      return;
    }
    lastContent = content;
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse(file);
    if (!parsed.problems().isEmpty()) {
      report(parsed, "; keeping the objectives in force");
      return;
    }
    recording.slo().load(parsed.objectives());
    recording.rebind();
    AgentLog.info("objectives reloaded from " + file + ": " + parsed.summary());
  }

  private static void report(ObjectivesParser.Parsed parsed, String suffix) {
    for (Problem p : parsed.problems()) {
      AgentLog.error(p + suffix, null);
    }
  }

  private byte[] read() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      return new byte[0];
    }
  }
}
