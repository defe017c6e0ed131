package io.sliagent.api;

/**
 * A test of a type or a method that an instrumentation changes ({@link Target}); {@link Matchers}
 * makes them. The agent evaluates it on what the class file says, read as the class loads: no
 * class is loaded to answer it.
 *
 * @param <T> what it tests: {@link TypeInfo}, {@link MethodInfo}, or what both are
 */
@FunctionalInterface
public interface Matcher<T> {

  /** Whether {@code target} matches. */
  boolean matches(T target);

  /** Both this and {@code other}. */
  default <U extends T> Matcher<U> and(Matcher<? super U> other) {
    return new Matchers.And<>(this, other);
  }

  /** This or {@code other}. */
  default <U extends T> Matcher<U> or(Matcher<? super U> other) {
    return new Matchers.Or<>(this, other);
  }
}
