package io.sliagent.agent;

import io.sliagent.config.SettingException;
import io.sliagent.config.Settings;
import io.sliagent.log.AgentLog;
import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point. It reads the on/off switch, puts the bridge in the
 * bootstrap class loader and hands over to {@link AgentStarter}. This class must not mention a
 * bridge type: verifying it would load that type from the wrong class loader. Nothing here ever
 * throws into the JVM's start-up.
 */
public final class SliAgent {

  /** Written out because shading relocates ByteBuddy's own name for it to exactly this. */
  static final String BYTEBUDDY_SAFE = "io.sliagent.shaded.bytebuddy.safe";

  private static boolean started;

  private SliAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst);
  }

  private static synchronized void start(String args, Instrumentation inst) {
    if (started) {
      return; // attached twice: one agent is enough
    }
    try {
      Settings settings;
      try {
        settings = Settings.fromJvm(args);
        AgentLog.setDebug(settings.getBoolean("sli.debug", false));
        if (!settings.getBoolean("sli.enabled", true)) {
          AgentLog.info("sli-agent " + Version.get() + " is switched off (sli.enabled=false)");
          return;
        }
      } catch (SettingException e) {
        AgentLog.error("sli-agent is off: " + e.getMessage(), null);
        return;
      }
      started = true;
      // ByteBuddy's safe mode: no sun.misc.Unsafe probing, which Java 24+ reports on stderr.
      // The name is our relocated copy's, so an application's own ByteBuddy is unaffected.
      if (System.getProperty(BYTEBUDDY_SAFE) == null) {
        System.setProperty(BYTEBUDDY_SAFE, "true");
      }
      BootstrapInjector.inject(inst);
      AgentStarter.start(settings, inst);
    } catch (Throwable t) {
      AgentLog.error("sli-agent could not start and is off; the application runs unchanged", t);
    }
  }
}
