package io.sliagent.api;

/** Something a {@link Matcher} can test by name: a type, a method, a parameter's type. */
public interface Named {

  /**
   * A type's binary name as {@link Class#getName} gives it ({@code java.lang.String}, {@code long},
   * {@code [Ljava.lang.String;}), or a method's name ({@code <init>} for a constructor).
   */
  String name();
}
