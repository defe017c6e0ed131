package io.sliagent.it.app;

/** Prints a line and exits with the code it is given (or throws for "throw"). */
public final class ExitApp {

  private ExitApp() {}

  public static void main(String[] args) {
    System.out.println("exiting with " + args[0]);
    if (args[0].equals("throw")) {
      throw new IllegalStateException("planned failure");
    }
    System.exit(Integer.parseInt(args[0]));
  }
}
