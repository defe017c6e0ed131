package io.sliagent.api;

/** A type or method with access flags, as its class file gives them. */
public interface Modified extends Named {

  /** Its access flags ({@link java.lang.reflect.Modifier}'s bits, and the class file's). */
  int modifiers();
}
