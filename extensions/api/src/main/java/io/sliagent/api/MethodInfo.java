package io.sliagent.api;

import java.util.List;

/** A method or constructor of a class as it loads; what a method {@link Matcher} tests. */
public interface MethodInfo extends Modified {

  /** Its descriptor ({@code (Ljava/lang/String;)V}). */
  String descriptor();

  /** The type that declares it. */
  TypeInfo declaringType();

  /** Its parameters' types, by binary name. */
  List<Named> parameterTypes();

  /** Its return type, by binary name ({@code void} for none). */
  Named returnType();

  /** Whether it is a constructor ({@code <init>}). */
  boolean isConstructor();

  /** Whether it is the class's static initializer ({@code <clinit>}). */
  boolean isTypeInitializer();
}
