package io.sliagent.agent;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.config.Settings;
import io.sliagent.config.SettingException;
import io.sliagent.export.AgentThreads;
import io.sliagent.export.ExportSettings;
import io.sliagent.export.MetricsExport;
import io.sliagent.instrumentation.CallHandler;
import io.sliagent.instrumentation.Dispatcher;
import io.sliagent.instrumentation.Installer;
import io.sliagent.instrumentation.Instrumentation;
import io.sliagent.instrumentation.httpclient.HttpClientInstrumentation;
import io.sliagent.instrumentation.httpurlconnection.HttpUrlConnectionInstrumentation;
import io.sliagent.instrumentation.jdbc.JdbcInstrumentation;
import io.sliagent.log.AgentLog;
import io.sliagent.recording.Recording;
import io.sliagent.slo.SloEngine;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    SloEngine slo = new SloEngine(SloEngine.monotonicClock());
    String configPath = settings.get("sli.config");
    ObjectivesWatcher watcher = null;
    String configSummary = "none (every SLI is still measured; no objectives)";
    if (configPath != null) {
      // Objectives first: their thresholds are bucket boundaries of every endpoint.
      watcher = new ObjectivesWatcher(Paths.get(configPath), slo);
      configSummary = configPath + ": " + watcher.loadInitial().summary();
    }
    Recording recording = new Recording(maxEndpoints, slo);
    if (watcher != null) {
      watcher.afterReload(recording::rebind);
    }
    Dispatcher dispatcher = new Dispatcher();
    List<Instrumentation> active = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Instrumentation i : builtIns()) {
      boolean on;
      try {
        on = settings.getBoolean("sli.instrumentation." + i.name() + ".enabled", true);
      } catch (SettingException e) {
        AgentLog.error(e.getMessage() + "; " + i.name() + " stays on", null);
        on = true;
      }
      if (!on) {
        continue;
      }
      for (Map.Entry<Integer, CallHandler> h : i.handlers(recording).entrySet()) {
        dispatcher.register(h.getKey(), h.getValue(), i.name());
      }
      active.add(i);
      names.add(i.name());
    }

    String target = "nowhere (otel.metrics.exporter=none)";
    if (export.enabled()) {
      String service = slo.objectives().service();
      try {
        MetricsExport.start(export, recording, Version.get(), shutdownTimeout, service);
      } catch (SettingException e) { // a certificate file that cannot be read
        AgentLog.error("sli-agent is off: " + e.getMessage(), null);
        return;
      }
      target = export.describe();
    }
    startTicker(slo, watcher);
    Bridge.install(dispatcher);
    Installer.install(inst, active);

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

  static List<Instrumentation> builtIns() {
    return List.of(new HttpClientInstrumentation(), new HttpUrlConnectionInstrumentation(),
        new JdbcInstrumentation());
  }
}
