package io.sliagent.api;

import java.util.List;

/** A class as it loads, read from its class file; what a type {@link Matcher} tests. */
public interface TypeInfo extends Modified {

  /** Whether it is an interface (annotation types included). */
  boolean isInterface();

  /**
   * Whether it is, extends or implements the type named {@code name} (a binary name). Its
   * supertypes are read from their class files in its class loader; one that cannot be read (a
   * type another agent injected without a class file) is skipped, not a failure.
   */
  boolean isSubTypeOf(String name);

  /** The methods and constructors it declares, in class-file order. */
  List<MethodInfo> declaredMethods();

  /** The fields it declares, in class-file order. */
  List<Modified> declaredFields();
}
