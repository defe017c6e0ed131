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

  /**
   * Whether {@code name} matches {@code pattern}, in which {@code *} stands for any run of
   * characters and {@code .} also matches the {@code /} of an internal name ({@code com.acme.*}
   * matches {@code com/acme/Etl}). Allocates nothing: fit for {@link Instrumentation#mayChange}.
   */
  public static boolean globMatches(String pattern, String name) {
    int p = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < name.length()) {
      char c = p < pattern.length() ? pattern.charAt(p) : 0;
      if (c == '*') {
        star = p++;
        resume = t;
      } else if (p < pattern.length() && (c == name.charAt(t) || c == '.' && name.charAt(t) == '/')) {
        p++;
        t++;
      } else if (star >= 0) {
        // Greedy with one backtrack point: the last star swallows one more character.
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
