package io.sliagent.instrumentation.jobs;

import io.sliagent.api.Matchers;

/**
 * A job's method as the objectives file names it: {@code com.acme.Etl#run}, with {@code *} for
 * any run of characters in the class or the method part ({@code com.acme.*#run*}).
 */
final class MethodPattern {

  final String text;
  private final String type;
  private final String method;

  private MethodPattern(String text, String type, String method) {
    this.text = text;
    this.type = type;
    this.method = method;
  }

  /** The pattern, or null when it is not {@code Class#method}. */
  static MethodPattern parse(String text) {
    int hash = text.indexOf('#');
    if (hash <= 0 || hash == text.length() - 1 || text.indexOf('#', hash + 1) >= 0) {
      return null;
    }
    return new MethodPattern(text, text.substring(0, hash), text.substring(hash + 1));
  }

  /**
   * Whether a class's name matches the class part; {@code /} in an internal name matches a
   * {@code .} of the pattern. Allocates nothing: called for every class that loads.
   */
  boolean matchesType(String name) {
    return Matchers.globMatches(type, name);
  }

  /** Whether a method's name matches the method part. */
  boolean matchesMethod(String name) {
    return Matchers.globMatches(method, name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MethodPattern && text.equals(((MethodPattern) o).text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
