package io.sliagent.agent;

import io.sliagent.config.Settings;
import io.sliagent.discovery.Discovery;
import io.sliagent.objectives.Objectives;
import io.sliagent.objectives.ObjectivesParser;
import io.sliagent.objectives.Problem;
import io.sliagent.openslo.OpenSloFile;
import io.sliagent.rules.RuleFile;
import java.nio.file.Paths;
import java.util.List;

/** {@code java -jar sli-agent.jar}: the agent's command line. */
public final class Main {

  /** The service.name an SDK gives a Java process that names none, as the agent does. */
  private static final String UNKNOWN_SERVICE = "unknown_service:java";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      System.out.println("sli-agent " + Version.get());
      System.out.println("  java -javaagent:sli-agent.jar[=config=FILE] -jar app.jar   attach it");
      System.out.println("  java -jar sli-agent.jar validate FILE                       check an objectives file");
      System.out.println("  java -jar sli-agent.jar rules FILE                          Prometheus recording and"
          + " alerting rules for it");
      System.out.println("  java -jar sli-agent.jar openslo FILE                        its objectives as"
          + " OpenSLO v1 documents");
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
      case "rules":
        if (args.length != 2) {
          System.err.println("usage: java -jar sli-agent.jar rules FILE");
          return 2;
        }
        return rules(args[1]);
      case "openslo":
        if (args.length != 2) {
          System.err.println("usage: java -jar sli-agent.jar openslo FILE");
          return 2;
        }
        return openSlo(args[1]);
      default:
        System.err.println("sli-agent: unknown command '" + args[0] + "' (try --help)");
        return 2;
    }
  }

  /**
   * The same messages the agent logs for the file, and notes of what an OpenSLO file holds that
   * the agent reads past; exit 1 on any problem. The selectors are the agent's and those of the
   * extensions {@code sli.extensions} (or {@code SLI_EXTENSIONS}) names, as the agent would load
   * them.
   */
  static int validate(String file) {
    ObjectivesParser.Parsed parsed = parse(file);
    if (parsed == null) {
      return 1;
    }
    System.out.println(file + ": OK, " + parsed.summary());
    return 0;
  }

  /**
   * Prometheus rules for the file on stdout; for a file with any problem, the messages validate
   * prints and exit 1. The service is the one the agent would export: {@code OTEL_SERVICE_NAME}
   * (or {@code -Dotel.service.name}), else the file's {@code service}.
   */
  static int rules(String file) {
    ObjectivesParser.Parsed parsed = parse(file);
    if (parsed == null) {
      return 1;
    }
    String service = service(file, parsed, "the rules select job");
    System.out.print(RuleFile.write(parsed.objectives(), service, file,
        "sli-agent " + Version.get() + " rules"));
    System.out.flush();
    return System.out.checkError() ? 1 : 0;
  }

  /**
   * The objectives as OpenSLO v1 documents on stdout, for the service {@link #rules} would name;
   * for a file with any problem, or an objective OpenSLO cannot express, the messages on stderr
   * and exit 1.
   */
  static int openSlo(String file) {
    ObjectivesParser.Parsed parsed = parse(file);
    if (parsed == null) {
      return 1;
    }
    List<String> inexpressible = OpenSloFile.inexpressible(parsed.objectives());
    if (!inexpressible.isEmpty()) {
      for (String s : inexpressible) {
        System.err.println(file + ": " + s);
      }
      return 1;
    }
    String service = service(file, parsed, "the SLOs name service");
    System.out.print(OpenSloFile.write(parsed.objectives(), service, file,
        "sli-agent " + Version.get() + " openslo"));
    System.out.flush();
    return System.out.checkError() ? 1 : 0;
  }

  /**
   * The service the agent would export: {@code OTEL_SERVICE_NAME} (or
   * {@code -Dotel.service.name}), else the file's {@code service}, else the SDK's default, which
   * is then said on stderr ({@code consequence} says what it means for the output).
   */
  private static String service(String file, ObjectivesParser.Parsed parsed, String consequence) {
    String service = Settings.fromJvm(null).get("otel.service.name");
    if (service == null) {
      service = parsed.objectives().service();
    }
    if (service == null) {
      service = UNKNOWN_SERVICE;
      System.err.println("sli-agent: " + file + " names no service and OTEL_SERVICE_NAME is not"
          + " set: " + consequence + " \"" + UNKNOWN_SERVICE + "\", the agent's service then");
    }
    return service;
  }

  /**
   * The file parsed with the selectors of the agent and of its extensions; null, after its
   * problems are printed, when it has any.
   */
  private static ObjectivesParser.Parsed parse(String file) {
    String extensions = Settings.fromJvm(null).get("sli.extensions");
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse(Paths.get(file),
        Discovery.signals(Discovery.find(extensions, Objectives.RESERVED_KEYS)));
    for (Problem p : parsed.notes()) {
      System.err.println(p);
    }
    for (Problem p : parsed.problems()) {
      System.err.println(p);
    }
    if (!parsed.problems().isEmpty()) {
      System.err.println(parsed.problems().size() + " problem"
          + (parsed.problems().size() == 1 ? "" : "s") + " in " + file);
      return null;
    }
    return parsed;
  }
}
