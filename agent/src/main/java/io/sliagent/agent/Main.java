package io.sliagent.agent;

/** {@code java -jar sli-agent.jar}: the agent's command line. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      System.out.println("sli-agent " + Version.get());
      System.out.println("Attach it: java -javaagent:sli-agent.jar -jar app.jar");
      return;
    }
    if (args[0].equals("--version") || args[0].equals("version")) {
      System.out.println(Version.get());
      return;
    }
    System.err.println("sli-agent: unknown command '" + args[0] + "' (try --help)");
    System.exit(2);
  }
}
