package io.sliagent.agent;

import io.sliagent.api.Instrumentation;
import io.sliagent.bootstrap.AgentThreads;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.config.Settings;
import io.sliagent.config.SettingException;
import io.sliagent.discovery.Discovery;
import io.sliagent.export.ExportSettings;
import io.sliagent.export.MetricsExport;
import io.sliagent.instrumentation.Installer;
import io.sliagent.log.AgentLog;
import io.sliagent.objectives.ObjectivesParser;
import io.sliagent.recording.Recording;
import io.sliagent.slo.SloEngine;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Reads the settings, installs the instrumentations, starts the export, and says so once. */
final class AgentStarter {

  private AgentStarter() {}

  static void start(Settings settings, java.lang.instrument.Instrumentation inst) {
    int maxEndpoints;
    long shutdownTimeout;
    ExportSettings export;
    try {
      maxEndpoints = settings.getInt("sli.max.endpoints", 1000, 1, 1_000_000);
      shutdownTimeout = settings.getMillis("sli.shutdown.timeout", 2000);
      export = ExportSettings.from(settings);
    } catch (SettingException e) {
      AgentLog.error("sli-agent is off: " + e.getMessage(), null);
      return;
    }

    List<Instrumentation> all =
        Discovery.find(settings.get("sli.extensions"), ObjectivesParser.RESERVED_KEYS);

    SloEngine slo = new SloEngine(SloEngine.monotonicClock());
    String configPath = settings.get("sli.config");
    ObjectivesWatcher watcher = null;
    String configSummary = "none (every SLI is still measured; no objectives)";
    if (configPath != null) {
      // Objectives first: their thresholds are bucket boundaries of every endpoint. Every
      // discovered signal is a selector, so an objective over a switched-off one is not an error.
      watcher = new ObjectivesWatcher(Paths.get(configPath), slo, Discovery.signals(all));
      configSummary = configPath + ": " + watcher.loadInitial().summary();
    }
    Recording recording = new Recording(maxEndpoints, slo);
    if (watcher != null) {
      watcher.afterReload(recording::rebind);
    }
    Installer.Prepared prepared = Installer.prepare(enabled(settings, all), recording::registry);
    List<String> names = prepared.names();

    String target = "nowhere (otel.metrics.exporter=none)";
    if (export.enabled()) {
      String service = slo.objectives().service();
      try {
        MetricsExport.start(export, recording, slo, Version.get(), shutdownTimeout, service);
      } catch (SettingException e) { // a certificate file that cannot be read
        AgentLog.error("sli-agent is off: " + e.getMessage(), null);
        return;
      }
      target = export.describe();
    }
    startTicker(slo, watcher);
    Bridge.install(prepared.dispatcher());
    Installer.install(inst, prepared);

    AgentLog.info("sli-agent " + Version.get() + " started; objectives: " + configSummary);
    AgentLog.info("instrumentations: " + (names.isEmpty() ? "none" : String.join(", ", names))
        + "; at most " + maxEndpoints + " endpoints per kind");
    AgentLog.info("metrics: " + target);
  }

  /**
   * Every few seconds: the passage of time into the SLO windows, and the objectives file
   * checked for changes. A daemon thread of the agent's own, apart from the exporter's, so a
   * slow collector never delays either.
   */
  private static void startTicker(SloEngine slo, ObjectivesWatcher watcher) {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(new AgentThreads("sli-agent-slo"));
    ticker.scheduleWithFixedDelay(() -> {
      try {
        slo.tick();
        if (watcher != null) {
          watcher.check();
        }
      } catch (Throwable t) {
        AgentLog.errorOnce("ticker", "objectives upkeep failed", t);
      }
    }, 2, 2, TimeUnit.SECONDS);
  }

  /** Those not switched off with {@code sli.instrumentation.NAME.enabled=false}. */
  private static List<Instrumentation> enabled(Settings settings, List<Instrumentation> all) {
    List<Instrumentation> on = new ArrayList<>();
    for (Instrumentation i : all) {
      try {
        if (!settings.getBoolean("sli.instrumentation." + i.name() + ".enabled", true)) {
          continue;
        }
      } catch (SettingException e) {
        AgentLog.error(e.getMessage() + "; " + i.name() + " stays on", null);
      }
      on.add(i);
    }
    return on;
  }
}
