package io.sliagent.instrumentation;

import io.sliagent.api.MethodInfo;
import io.sliagent.api.Modified;
import io.sliagent.api.Named;
import io.sliagent.api.TypeInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * A class as its class file declares it, what the instrumentations' matchers see: its name,
 * flags, supertypes, methods and fields, read in one pass that skips the code. Its supertypes are
 * read the same way, without their methods, from its class loader when a matcher asks ({@link
 * Hierarchy}). This is all
 * the agent needs to match and weave, where ByteBuddy's type pool (about 300 classes, and a static
 * set-up of its reflection) cost the application's first instrumented class its wait.
 */
final class ClassInfo implements TypeInfo {

  /** A method or field the class declares: what its class file says of it. */
  abstract static class Member implements Modified {
    final ClassInfo owner;
    final int access;
    final String name;
    final String descriptor;

    Member(ClassInfo owner, int access, String name, String descriptor) {
      this.owner = owner;
      this.access = access;
      this.name = name;
      this.descriptor = descriptor;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int modifiers() {
      return access;
    }

    boolean isStatic() {
      return (access & Opcodes.ACC_STATIC) != 0;
    }

    boolean isPrivate() {
      return (access & Opcodes.ACC_PRIVATE) != 0;
    }
  }

  /** A method or constructor the class declares. */
  static final class Method extends Member implements MethodInfo {
    private List<Named> parameters;

    Method(ClassInfo owner, int access, String name, String descriptor) {
      super(owner, access, name, descriptor);
    }

    @Override
    public String descriptor() {
      return descriptor;
    }

    @Override
    public ClassInfo declaringType() {
      return owner;
    }

    @Override
    public List<Named> parameterTypes() {
      List<Named> p = parameters;
      if (p == null) {
        Type[] types = Type.getArgumentTypes(descriptor);
        List<Named> names = new ArrayList<>(types.length);
        for (Type t : types) {
          names.add(new TypeName(binaryName(t)));
        }
        parameters = p = Collections.unmodifiableList(names);
      }
      return p;
    }

    @Override
    public Named returnType() {
      return new TypeName(binaryName(Type.getReturnType(descriptor)));
    }

    @Override
    public boolean isConstructor() {
      return name.equals("<init>");
    }

    @Override
    public boolean isTypeInitializer() {
      return name.equals("<clinit>");
    }

    boolean isAbstract() {
      return (access & Opcodes.ACC_ABSTRACT) != 0;
    }

    boolean isNative() {
      return (access & Opcodes.ACC_NATIVE) != 0;
    }

    @Override
    public String toString() {
      return owner.name() + "." + name + descriptor;
    }
  }

  /** A field the class declares. */
  static final class Field extends Member {
    Field(ClassInfo owner, int access, String name, String descriptor) {
      super(owner, access, name, descriptor);
    }
  }

  /** A parameter's or return value's type, by name. */
  private static final class TypeName implements Named {
    private final String name;

    TypeName(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final Hierarchy hierarchy;
  private String internalName;
  private int access;
  private int version;
  private String superName;
  private String[] interfaces = new String[0];
  private final List<MethodInfo> methods = new ArrayList<>();
  private final List<Modified> fields = new ArrayList<>();

  private ClassInfo(Hierarchy hierarchy) {
    this.hierarchy = hierarchy;
  }

  /**
   * The class {@code bytes} declare; its supertypes are looked up in {@code hierarchy}.
   *
   * @throws IllegalArgumentException (or another runtime exception) for bytes that are not a class
   *     file ASM reads
   */
  static ClassInfo read(byte[] bytes, Hierarchy hierarchy) {
    return read(bytes, hierarchy, true);
  }

  /**
   * As {@link #read}, without the methods: what is kept of a supertype, which matchers only walk
   * through and advice reads fields of.
   */
  static ClassInfo outline(byte[] bytes, Hierarchy hierarchy) {
    return read(bytes, hierarchy, false);
  }

  private static ClassInfo read(byte[] bytes, Hierarchy hierarchy, boolean methods) {
    ClassInfo info = new ClassInfo(hierarchy);
    new ClassReader(bytes).accept(info.new Reader(methods),
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return info;
  }

  /** This class without its methods ({@link #outline}). */
  ClassInfo outline() {
    if (methods.isEmpty()) {
      return this;
    }
    ClassInfo o = new ClassInfo(hierarchy);
    o.internalName = internalName;
    o.access = access;
    o.version = version;
    o.superName = superName;
    o.interfaces = interfaces;
    for (Modified f : fields) {
      Field field = (Field) f; // owned by the outline: this class's methods are not kept
      o.fields.add(new Field(o, field.access, field.name, field.descriptor));
    }
    return o;
  }

  private final class Reader extends ClassVisitor {
    private final boolean withMethods;

    Reader(boolean withMethods) {
      super(Opcodes.ASM9);
      this.withMethods = withMethods;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
        String[] interfaces) {
      ClassInfo.this.version = version;
      ClassInfo.this.access = access;
      ClassInfo.this.internalName = name;
      ClassInfo.this.superName = superName;
      ClassInfo.this.interfaces = interfaces == null ? new String[0] : interfaces;
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature,
        Object value) {
      fields.add(new Field(ClassInfo.this, access, name, descriptor));
      return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor,
        String signature, String[] exceptions) {
      if (withMethods) {
        methods.add(new Method(ClassInfo.this, access, name, descriptor));
      }
      return null;
    }
  }

  @Override
  public String name() {
    return internalName.replace('/', '.');
  }

  String internalName() {
    return internalName;
  }

  /** The class file's version (major in the low 16 bits, as ASM gives it). */
  int version() {
    return version;
  }

  @Override
  public int modifiers() {
    return access;
  }

  @Override
  public boolean isInterface() {
    return (access & Opcodes.ACC_INTERFACE) != 0;
  }

  boolean isSynthetic() {
    return (access & Opcodes.ACC_SYNTHETIC) != 0;
  }

  /** Its methods and constructors in class-file order; none for an {@link #outline}. */
  @Override
  public List<MethodInfo> declaredMethods() {
    return Collections.unmodifiableList(methods);
  }

  @Override
  public List<Modified> declaredFields() {
    return Collections.unmodifiableList(fields);
  }

  /** The declared method of this name and descriptor, or null. */
  Method method(String name, String descriptor) {
    for (MethodInfo m : methods) {
      if (m.name().equals(name) && m.descriptor().equals(descriptor)) {
        return (Method) m;
      }
    }
    return null;
  }

  /** The superclass, or null: none (Object, an interface's is Object), or unreadable. */
  ClassInfo superClass() {
    return superName == null ? null : hierarchy.find(superName);
  }

  /**
   * The field named {@code name}, looked up this class's superclass chain as the JVM resolves a
   * field access from code (a field of an unreadable class is not found); null when none.
   */
  Field field(String name) {
    for (ClassInfo c = this; c != null; c = c.superClass()) {
      for (Modified f : c.fields) {
        if (f.name().equals(name)) {
          return (Field) f;
        }
      }
    }
    return null;
  }

  @Override
  public boolean isSubTypeOf(String name) {
    String wanted = name.replace('.', '/');
    Deque<ClassInfo> todo = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    todo.add(this);
    while (!todo.isEmpty()) {
      ClassInfo t = todo.poll();
      if (!seen.add(t.internalName)) {
        continue;
      }
      if (t.internalName.equals(wanted)) {
        return true;
      }
      // Named by a supertype is enough: no need to read the named type itself.
      if (wanted.equals(t.superName)) {
        return true;
      }
      for (String i : t.interfaces) {
        if (i.equals(wanted)) {
          return true;
        }
      }
      if (t.superName != null) {
        ClassInfo s = hierarchy.find(t.superName);
        if (s != null) {
          todo.add(s);
        }
      }
      for (String i : t.interfaces) {
        ClassInfo s = hierarchy.find(i);
        if (s != null) {
          todo.add(s);
        }
      }
    }
    return false;
  }

  /** A type's binary name as {@link Class#getName} gives it. */
  static String binaryName(Type t) {
    return t.getSort() == Type.ARRAY ? t.getDescriptor().replace('/', '.') : t.getClassName();
  }

  @Override
  public String toString() {
    return name();
  }
}
