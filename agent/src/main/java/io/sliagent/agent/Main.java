package io.sliagent.agent;

import io.sliagent.config.Settings;
import io.sliagent.discovery.Discovery;
import io.sliagent.objectives.Objectives;
import io.sliagent.objectives.ObjectivesParser;
import io.sliagent.objectives.Problem;
import java.nio.file.Paths;

/** {@code java -jar sli-agent.jar}: the agent's command line. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      System.out.println("sli-agent " + Version.get());
      System.out.println("  java -javaagent:sli-agent.jar[=config=FILE] -jar app.jar   attach it");
      System.out.println("  java -jar sli-agent.jar validate FILE                       check an objectives file");
      System.out.println("  java -jar sli-agent.jar version");
      return 0;
    }
    switch (args[0]) {
      case "version":
      case "--version":
        System.out.println(Version.get());
        return 0;
      case "validate":
        if (args.length != 2) {
          System.err.println("usage: java -jar sli-agent.jar validate FILE");
          return 2;
        }
        return validate(args[1]);
      default:
        System.err.println("sli-agent: unknown command '" + args[0] + "' (try --help)");
        return 2;
    }
  }

  /**
   * The same messages the agent logs for the file; exit 1 on any problem. The selectors are the
   * agent's and those of the extensions {@code sli.extensions} (or {@code SLI_EXTENSIONS}) names,
   * as the agent would load them.
   */
  static int validate(String file) {
    String extensions = Settings.fromJvm(null).get("sli.extensions");
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse(Paths.get(file),
        Discovery.signals(Discovery.find(extensions, Objectives.RESERVED_KEYS)));
    for (Problem p : parsed.problems()) {
      System.err.println(p);
    }
    if (!parsed.problems().isEmpty()) {
      System.err.println(parsed.problems().size() + " problem"
          + (parsed.problems().size() == 1 ? "" : "s") + " in " + file);
      return 1;
    }
    System.out.println(file + ": OK, " + parsed.summary());
    return 0;
  }
}
