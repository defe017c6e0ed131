package io.sliagent.log.jul;

/**
 * Stands in for {@code java.util.logging.Level} in the shaded OpenTelemetry SDK (the shade
 * plugin relocates {@code java.util.logging} here). See {@link Logger}.
 */
public final class Level {

  public static final Level SEVERE = new Level(1000);
  public static final Level WARNING = new Level(900);
  public static final Level INFO = new Level(800);
  public static final Level CONFIG = new Level(700);
  public static final Level FINE = new Level(500);
  public static final Level FINER = new Level(400);
  public static final Level FINEST = new Level(300);

  final int value;

  private Level(int value) {
    this.value = value;
  }
}
