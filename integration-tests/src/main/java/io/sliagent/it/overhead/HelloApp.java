package io.sliagent.it.overhead;

import java.time.Instant;

/**
 * A hello-world: all it costs is start-up. Prints the instant {@code main} began (epoch
 * microseconds), so the harness can tell launch-to-main from the whole run.
 */
public final class HelloApp {

  private HelloApp() {}

  public static void main(String[] args) {
    Instant now = Instant.now();
    System.out.println("hello " + (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000));
  }
}
