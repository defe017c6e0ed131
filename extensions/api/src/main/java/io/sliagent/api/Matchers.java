package io.sliagent.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Type matchers that survive unreadable parts of a hierarchy. Another agent (the OpenTelemetry
 * agent) makes classes implement interfaces it injected without class files; ByteBuddy's own
 * {@code hasSuperType} fails on the first of those and the class is then not instrumented at all.
 */
public final class Matchers {

  private Matchers() {}

  /** Whether the type is, extends or implements the type named {@code name}. */
  public static ElementMatcher.Junction<TypeDescription> isSubTypeOf(String name) {
    return new ElementMatcher.Junction.AbstractBase<TypeDescription>() {
      @Override
      public boolean matches(TypeDescription type) {
        Deque<TypeDefinition> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.add(type);
        while (!todo.isEmpty()) {
          TypeDefinition t = todo.poll();
          try {
            String n = t.asErasure().getName();
            if (!seen.add(n)) {
              continue;
            }
            if (n.equals(name)) {
              return true;
            }
            TypeDefinition superClass = t.getSuperClass();
            if (superClass != null) {
              todo.add(superClass);
            }
            for (TypeDefinition i : t.getInterfaces()) {
              todo.add(i);
            }
          } catch (RuntimeException unreadable) {
            // A type without a class file (injected by someone else): not ours, skip it.
          }
        }
        return false;
      }

      @Override
      public String toString() {
        return "isSubTypeOf(" + name + ")";
      }
    };
  }
}
