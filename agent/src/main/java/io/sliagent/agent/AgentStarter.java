package io.sliagent.agent;

import io.sliagent.api.Instrumentation;
import io.sliagent.api.Signal;
import io.sliagent.bootstrap.AgentThreads;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.config.SettingException;
import io.sliagent.config.Settings;
import io.sliagent.discovery.Discovery;
import io.sliagent.export.ExportSettings;
import io.sliagent.export.MetricsExport;
import io.sliagent.instrumentation.Installer;
import io.sliagent.log.AgentLog;
import io.sliagent.objectives.Objective;
import io.sliagent.objectives.Objectives;
import io.sliagent.recording.Recording;
import io.sliagent.slo.SloEngine;
import io.sliagent.status.StatusServer;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts the agent, keeping the application's main thread for what must happen before its first
 * class loads: the settings, finding the instrumentations and adding their name tests. The rest
 * (objectives, recording, handlers, export, the transformers) runs on the agent's start-up
 * thread, beside the application's own start-up; a class an instrumentation may change waits for
 * it. Exit waits for it too, up to {@code sli.shutdown.timeout}, so what it has to say is never
 * lost.
 */
final class AgentStarter {

  private AgentStarter() {}

  static void start(Settings settings, java.lang.instrument.Instrumentation inst) {
    int maxEndpoints;
    long shutdownTimeout;
    try {
      maxEndpoints = settings.getInt("sli.max.endpoints", 1000, 1, 1_000_000);
      shutdownTimeout = settings.getMillis("sli.shutdown.timeout", 2000);
    } catch (SettingException e) {
      AgentLog.error("sli-agent is off: " + e.getMessage(), null);
      return;
    }
    List<Instrumentation> all =
        Discovery.find(settings.get("sli.extensions"), Objectives.RESERVED_KEYS);
    Installer installer = Installer.of(enabled(settings, all));
    installer.install(inst, ObjectivesHint.classes(settings.get("sli.config")));
    Startup startup = new Startup(settings, all, installer, maxEndpoints, shutdownTimeout);
    new AgentThreads("sli-agent-start").newThread(startup).start();
    // An anonymous class, not a method reference: on the main thread, java.lang.invoke's
    // bootstrap would cost more than everything else here.
    Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
      @Override
      public void run() {
        startup.awaitConfigured();
      }
    }, "sli-agent-start-wait"));
  }

  /** The start-up thread's work. */
  private static final class Startup implements Runnable {
    private final Settings settings;
    private final List<Instrumentation> all;
    private final Installer installer;
    private final int maxEndpoints;
    private final long shutdownTimeout;
    private final CountDownLatch configured = new CountDownLatch(1);
    /** The export and the ticker run (after the instrumentations are ready). */
    private final CountDownLatch started = new CountDownLatch(1);

    Startup(Settings settings, List<Instrumentation> all, Installer installer, int maxEndpoints,
        long shutdownTimeout) {
      this.settings = settings;
      this.all = all;
      this.installer = installer;
      this.maxEndpoints = maxEndpoints;
      this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public void run() {
      Runnable starts = null;
      SloEngine slo = null;
      try {
        ExportSettings export = exportSettings();
        slo = new SloEngine(SloEngine.monotonicClock());
        Recording recording = new Recording(maxEndpoints, slo);
        Bridge.install(installer.prepare(recording::registry));
        starts = configure(export, slo, recording);
      } catch (SettingException e) {
        AgentLog.error("sli-agent is off: " + e.getMessage(), null);
      } catch (Throwable t) {
        AgentLog.error("sli-agent could not start and is off; the application runs unchanged", t);
      } finally {
        configured.countDown();
      }
      if (starts != null) {
        // The transformers now, one thread beside the application's start-up (a second would only
        // take more of its CPU), rather than on the thread of its first instrumented call.
        installer.build(selectorsOf(slo.objectives()));
        // Only now the agent's own thread pools: their classes are instrumented (executors),
        // and an application thread loading one meanwhile waits for build(); this thread must
        // not wait for it in turn. Nothing is measured before build() anyway.
        try {
          starts.run();
        } catch (Throwable t) {
          AgentLog.error("sli-agent could not start its export", t);
        } finally {
          started.countDown();
        }
      } else {
        installer.abandon();
      }
    }

    /**
     * The export's settings, or null when they are wrong: said once, naming the setting; the
     * calls are still measured (and served by whatever does not need the export).
     */
    private ExportSettings exportSettings() {
      try {
        return ExportSettings.from(settings);
      } catch (SettingException e) {
        AgentLog.error("metrics export is off: " + e.getMessage()
            + "; calls are still measured", null);
        return null;
      }
    }

    /**
     * Objectives and the export's settings (null: no export); what starts the export and the
     * SLO ticker once the instrumentations are ready, or null when the agent must stay off.
     */
    private Runnable configure(ExportSettings export, SloEngine slo, Recording recording) {
      String configPath = settings.get("sli.config");
      ObjectivesWatcher watcher = null;
      String configSummary = "none (every SLI is still measured; no objectives)";
      if (configPath != null) {
        // Their thresholds are bucket boundaries of every endpoint: in force before any call is
        // measured (classes wait for ready). Every discovered signal is a selector, so an
        // objective over a switched-off one is no error.
        watcher = new ObjectivesWatcher(Paths.get(configPath), slo, Discovery.signals(all));
        configSummary = configPath + ": " + watcher.loadInitial().summary();
        recording.rebind();
        watcher.afterReload(recording::rebind);
      }
      String target = "nowhere (otel.metrics.exporter=none)";
      MetricsExport metrics = null;
      if (export == null) {
        target = "nowhere (the export's settings are wrong, see above)";
      } else if (export.enabled()) {
        String service = slo.objectives().service();
        try {
          metrics = MetricsExport.create(export, recording, slo, Version.get(), shutdownTimeout,
              service);
          target = export.describe();
        } catch (SettingException e) { // a certificate file that cannot be read
          AgentLog.error("metrics export is off: " + e.getMessage()
              + "; calls are still measured", null);
          target = "nowhere (the export's settings are wrong, see above)";
        }
      }

      List<String> names = installer.names();
      AgentLog.info("sli-agent " + Version.get() + " started; objectives: " + configSummary);
      AgentLog.info("instrumentations: " + (names.isEmpty() ? "none" : String.join(", ", names))
          + "; at most " + maxEndpoints + " endpoints per kind");
      AgentLog.info("metrics: " + target);
      MetricsExport toStart = metrics;
      ObjectivesWatcher toWatch = watcher;
      StatusServer status = StatusServer.fromSettings(settings, slo, recording);
      return new Runnable() {
        @Override
        public void run() {
          if (toStart != null) {
            toStart.start();
          }
          startTicker(slo, toWatch);
          if (status != null) {
            status.start(); // on this agent thread: see start()
          }
        }
      };
    }

    /** At exit: lets the start-up finish saying what it has to, within the shutdown timeout. */
    void awaitConfigured() {
      try {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shutdownTimeout);
        configured.await(shutdownTimeout, TimeUnit.MILLISECONDS);
        // Calls are measured once the instrumentations are ready: then the export that flushes
        // them at exit must have started. Before that, nothing was measured.
        if (installer.isBuilt()) {
          started.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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

  /** The criteria of the objectives over each signal (a job's method, for the jobs). */
  private static Function<Signal, List<Map<String, String>>> selectorsOf(Objectives objectives) {
    return signal -> {
      List<Map<String, String>> out = new ArrayList<>();
      for (Objective o : objectives.objectives()) {
        if (o.selector().signal().equals(signal)) {
          out.add(o.selector().criteria());
        }
      }
      return out;
    };
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
