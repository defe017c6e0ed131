package io.sliagent.api;

import java.util.List;

/**
 * The matchers of {@link Target}s: by name, by hierarchy, by modifiers and by signature, combined
 * with {@link Matcher#and}, {@link Matcher#or} and {@link #not}. They read what a class file says
 * and load nothing; a test they lack is a lambda over {@link TypeInfo} or {@link MethodInfo}.
 */
public final class Matchers {

  private Matchers() {}

  /** Named exactly {@code name} (a type's binary name, or a method's name). */
  public static Matcher<Named> named(String name) {
    return new NameTest(NameTest.EQUALS, name);
  }

  /** Named one of {@code names}. */
  public static Matcher<Named> namedOneOf(String... names) {
    Matcher<Named> m = null;
    for (String n : names) {
      m = m == null ? named(n) : m.or(named(n));
    }
    return m == null ? none() : m;
  }

  /** Whose name starts with {@code prefix}. */
  public static Matcher<Named> nameStartsWith(String prefix) {
    return new NameTest(NameTest.STARTS, prefix);
  }

  /** Whose name ends with {@code suffix}. */
  public static Matcher<Named> nameEndsWith(String suffix) {
    return new NameTest(NameTest.ENDS, suffix);
  }

  /** Whose name contains {@code part}. */
  public static Matcher<Named> nameContains(String part) {
    return new NameTest(NameTest.CONTAINS, part);
  }

  /**
   * A type that is, extends or implements the type named {@code name}. A supertype without a
   * class file (one another agent injected) is skipped, where ByteBuddy's {@code hasSuperType}
   * would fail and leave the class alone. Start with a cheap name test: the hierarchy is read.
   */
  public static Matcher<TypeInfo> isSubTypeOf(String name) {
    return new TypeTest(TypeTest.SUBTYPE, name, null);
  }

  /** An interface. */
  public static Matcher<TypeInfo> isInterface() {
    return new TypeTest(TypeTest.INTERFACE, null, null);
  }

  /** A type that declares a method {@code methods} matches. */
  public static Matcher<TypeInfo> declaresMethod(Matcher<? super MethodInfo> methods) {
    return new TypeTest(TypeTest.DECLARES, null, methods);
  }

  /** A type that declares a field {@code fields} matches. */
  public static Matcher<TypeInfo> declaresField(Matcher<? super Modified> fields) {
    return new TypeTest(TypeTest.FIELD, null, fields);
  }

  /** Public. */
  public static Matcher<Modified> isPublic() {
    return new ModifierTest(0x0001, "isPublic()");
  }

  /** Private. */
  public static Matcher<Modified> isPrivate() {
    return new ModifierTest(0x0002, "isPrivate()");
  }

  /** Static. */
  public static Matcher<Modified> isStatic() {
    return new ModifierTest(0x0008, "isStatic()");
  }

  /** A bridge method the compiler made. */
  public static Matcher<Modified> isBridge() {
    return new ModifierTest(0x0040, "isBridge()");
  }

  /** Abstract (interfaces and their abstract methods included). */
  public static Matcher<Modified> isAbstract() {
    return new ModifierTest(0x0400, "isAbstract()");
  }

  /** Synthetic: made by the compiler, not in the source. */
  public static Matcher<Modified> isSynthetic() {
    return new ModifierTest(0x1000, "isSynthetic()");
  }

  /** A constructor. */
  public static Matcher<MethodInfo> isConstructor() {
    return new MethodTest(MethodTest.CONSTRUCTOR, -1, null);
  }

  /** The static initializer. */
  public static Matcher<MethodInfo> isTypeInitializer() {
    return new MethodTest(MethodTest.INITIALIZER, -1, null);
  }

  /** A method or constructor of {@code count} parameters. */
  public static Matcher<MethodInfo> takesArguments(int count) {
    return new MethodTest(MethodTest.COUNT, count, null);
  }

  /**
   * A method or constructor whose parameter {@code index} (from 0) is of a type {@code type}
   * matches.
   */
  public static Matcher<MethodInfo> takesArgument(int index, Matcher<? super Named> type) {
    return new MethodTest(MethodTest.ARGUMENT, index, type);
  }

  /** A method whose return type {@code type} matches. */
  public static Matcher<MethodInfo> returns(Matcher<? super Named> type) {
    return new MethodTest(MethodTest.RETURNS, -1, type);
  }

  /** What {@code matcher} does not match. */
  public static <T> Matcher<T> not(Matcher<? super T> matcher) {
    return new Not<>(matcher);
  }

  /** Everything. */
  public static <T> Matcher<T> any() {
    return new Constant<>(true);
  }

  /** Nothing. */
  public static <T> Matcher<T> none() {
    return new Constant<>(false);
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

  // Named classes, not lambdas: every built-in makes these at start-up, where each lambda's
  // class is spun at run time.

  static final class And<T> implements Matcher<T> {
    private final Matcher<? super T> left;
    private final Matcher<? super T> right;

    And(Matcher<? super T> left, Matcher<? super T> right) {
      this.left = left;
      this.right = right;
    }

    @Override
    public boolean matches(T target) {
      return left.matches(target) && right.matches(target);
    }

    @Override
    public String toString() {
      return "(" + left + " and " + right + ")";
    }
  }

  static final class Or<T> implements Matcher<T> {
    private final Matcher<? super T> left;
    private final Matcher<? super T> right;

    Or(Matcher<? super T> left, Matcher<? super T> right) {
      this.left = left;
      this.right = right;
    }

    @Override
    public boolean matches(T target) {
      return left.matches(target) || right.matches(target);
    }

    @Override
    public String toString() {
      return "(" + left + " or " + right + ")";
    }
  }

  private static final class Not<T> implements Matcher<T> {
    private final Matcher<? super T> matcher;

    Not(Matcher<? super T> matcher) {
      this.matcher = matcher;
    }

    @Override
    public boolean matches(T target) {
      return !matcher.matches(target);
    }

    @Override
    public String toString() {
      return "not(" + matcher + ")";
    }
  }

  private static final class Constant<T> implements Matcher<T> {
    private final boolean value;

    Constant(boolean value) {
      this.value = value;
    }

    @Override
    public boolean matches(T target) {
      return value;
    }

    @Override
    public String toString() {
      return value ? "any()" : "none()";
    }
  }

  private static final class NameTest implements Matcher<Named> {
    static final int EQUALS = 0;
    static final int STARTS = 1;
    static final int ENDS = 2;
    static final int CONTAINS = 3;
    private static final String[] NAMES = {"named", "nameStartsWith", "nameEndsWith",
        "nameContains"};
    private final int mode;
    private final String text;

    NameTest(int mode, String text) {
      this.mode = mode;
      this.text = java.util.Objects.requireNonNull(text, "name");
    }

    @Override
    public boolean matches(Named target) {
      String name = target.name();
      switch (mode) {
        case EQUALS:
          return name.equals(text);
        case STARTS:
          return name.startsWith(text);
        case ENDS:
          return name.endsWith(text);
        default:
          return name.contains(text);
      }
    }

    @Override
    public String toString() {
      return NAMES[mode] + "(" + text + ")";
    }
  }

  private static final class ModifierTest implements Matcher<Modified> {
    private final int flag;
    private final String description;

    ModifierTest(int flag, String description) {
      this.flag = flag;
      this.description = description;
    }

    @Override
    public boolean matches(Modified target) {
      return (target.modifiers() & flag) != 0;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private static final class TypeTest implements Matcher<TypeInfo> {
    static final int SUBTYPE = 0;
    static final int INTERFACE = 1;
    static final int DECLARES = 2;
    static final int FIELD = 3;
    private final int mode;
    private final String name;
    private final Matcher<?> members;

    TypeTest(int mode, String name, Matcher<?> members) {
      this.mode = mode;
      this.name = name;
      this.members = members;
    }

    @SuppressWarnings("unchecked") // made by declaresMethod and declaresField with these types
    private boolean any(List<? extends Modified> declared) {
      Matcher<Modified> m = (Matcher<Modified>) members;
      for (Modified d : declared) {
        if (m.matches(d)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean matches(TypeInfo type) {
      switch (mode) {
        case SUBTYPE:
          return type.isSubTypeOf(name);
        case INTERFACE:
          return type.isInterface();
        case DECLARES:
          return any(type.declaredMethods());
        default:
          return any(type.declaredFields());
      }
    }

    @Override
    public String toString() {
      return mode == SUBTYPE ? "isSubTypeOf(" + name + ")"
          : mode == INTERFACE ? "isInterface()"
          : (mode == DECLARES ? "declaresMethod(" : "declaresField(") + members + ")";
    }
  }

  private static final class MethodTest implements Matcher<MethodInfo> {
    static final int CONSTRUCTOR = 0;
    static final int INITIALIZER = 1;
    static final int COUNT = 2;
    static final int ARGUMENT = 3;
    static final int RETURNS = 4;
    private final int mode;
    private final int index;
    private final Matcher<? super Named> type;

    MethodTest(int mode, int index, Matcher<? super Named> type) {
      this.mode = mode;
      this.index = index;
      this.type = type;
    }

    @Override
    public boolean matches(MethodInfo method) {
      switch (mode) {
        case CONSTRUCTOR:
          return method.isConstructor();
        case INITIALIZER:
          return method.isTypeInitializer();
        case COUNT:
          return method.parameterTypes().size() == index;
        case ARGUMENT:
          return index < method.parameterTypes().size()
              && type.matches(method.parameterTypes().get(index));
        default:
          return type.matches(method.returnType());
      }
    }

    @Override
    public String toString() {
      switch (mode) {
        case CONSTRUCTOR:
          return "isConstructor()";
        case INITIALIZER:
          return "isTypeInitializer()";
        case COUNT:
          return "takesArguments(" + index + ")";
        case ARGUMENT:
          return "takesArgument(" + index + ", " + type + ")";
        default:
          return "returns(" + type + ")";
      }
    }
  }
}
