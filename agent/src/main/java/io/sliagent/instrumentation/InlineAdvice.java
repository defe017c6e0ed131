package io.sliagent.instrumentation;

import io.sliagent.api.Call;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.TypePath;

/**
 * Advice woven by the agent itself, for the shape nearly all its advice has: enter and exit
 * methods that suppress what they throw, keep no local of their own and catch nothing, and read
 * the values ByteBuddy's annotations name (their code may branch). ByteBuddy's {@code Advice}
 * (about 350 classes) was most of what the application's first instrumented call waited for
 * while the JVM loaded, verified and compiled it cold (BENCHMARKS.md, "Start-up"); advice of any
 * other shape, an extension's for example, still goes to it ({@link #parse} returns null, or
 * {@link #wrap} throws {@link Unfit} and the whole class is ByteBuddy's), loaded only then.
 *
 * <p>The woven method behaves as ByteBuddy's inlined advice does: the enter code runs first, its
 * value kept in a new local, as are {@code this} and the arguments the exit code reads (it sees
 * them as given, and no frame needs to say what the method later keeps in their slots);
 * each return stores its value, runs the exit code and returns; with {@code onThrowable}, a
 * handler over the whole original body runs the exit code with what was thrown and throws it
 * again. Every piece of advice code is in a handler of its own that drops what it throws. The new
 * locals go right after the parameters (the method's own move up), so every stack map frame of
 * the method keeps them; the frames the weave adds name only what the code after them reads. The
 * exit code is copied at each return rather than reached by a jump, so advice that does not
 * branch never depends on what else the method leaves on its stack there; for advice that does,
 * {@link StackDepth} says it is nothing, or the class is ByteBuddy's to weave.
 */
final class InlineAdvice implements MethodWrapper {

  /** Thrown while weaving a method this weaver does not take; the class goes to ByteBuddy. */
  static final class Unfit extends RuntimeException {
    Unfit(String why) {
      super(why, null, false, false);
    }
  }

  private static final String ENTER = Type.getDescriptor(Advice.OnMethodEnter.class);
  private static final String EXIT = Type.getDescriptor(Advice.OnMethodExit.class);
  private static final String THROWABLE = Type.getInternalName(Throwable.class);
  private static final String THROWABLE_DESCRIPTOR = Type.getDescriptor(Throwable.class);
  private static final String OBJECT_DESCRIPTOR = Type.getDescriptor(Object.class);
  private static final Map<String, Kind> KINDS = new HashMap<>();

  static {
    KINDS.put(Type.getDescriptor(Call.class), Kind.CALL);
    KINDS.put(Type.getDescriptor(Advice.This.class), Kind.THIS);
    KINDS.put(Type.getDescriptor(Advice.Argument.class), Kind.ARGUMENT);
    KINDS.put(Type.getDescriptor(Advice.Return.class), Kind.RETURN);
    KINDS.put(Type.getDescriptor(Advice.Thrown.class), Kind.THROWN);
    KINDS.put(Type.getDescriptor(Advice.Enter.class), Kind.ENTER);
    KINDS.put(Type.getDescriptor(Advice.FieldValue.class), Kind.FIELD);
    KINDS.put(Type.getDescriptor(Advice.Origin.class), Kind.ORIGIN);
  }

  private enum Kind { CALL, THIS, ARGUMENT, RETURN, THROWN, ENTER, FIELD, ORIGIN }

  /** What one parameter of an advice method receives. */
  private static final class Binding {
    Kind kind;
    /** The argument's index, the field's name or the origin's pattern. */
    Object value;
    final Type type;
    boolean other; // an annotation or attribute this weaver does not know

    Binding(Type type) {
      this.type = type;
    }
  }

  /** One advice method: its code with loads of its parameters marked, and what they receive. */
  private static final class Part {
    /**
     * Its code, each visit tagged by the first opcode of its kind ({@code ILOAD}: a parameter's
     * load, {@code BIPUSH}: an int operand, {@code NEW}: a type, ...; none of these is a plain
     * instruction's opcode) or by {@link #LABEL}, {@link #FRAME}, {@link #JUMP} or {@link #RET},
     * then the visit's operands.
     */
    final List<Object[]> code = new ArrayList<>();
    /** Its labels (a branch's target, its frame's place), numbered in the code's ops. */
    final Map<Label, Integer> labels = new HashMap<>();
    /** It has a stack map frame: it branches. */
    boolean frames;
    Binding[] params;
    Type returns;
    int maxStack;
    boolean suppress;
    boolean onThrowable;
    boolean other;
  }

  /** Tags of the ops that are not an instruction's visit (see {@link Part#code}). */
  private static final int LABEL = -1;
  private static final int FRAME = -2;
  private static final int JUMP = -3;
  private static final int RET = -4;

  private final int call;
  private final Part enter;
  private final Part exit;

  private InlineAdvice(int call, Part enter, Part exit) {
    this.call = call;
    this.enter = enter;
    this.exit = exit;
  }

  /**
   * The advice class {@code classFile} woven by this weaver, its {@code @Call} parameters given
   * {@code call}; null when its shape is not one this weaver takes.
   */
  static InlineAdvice parse(byte[] classFile, int call) {
    Reader reader = new Reader();
    new ClassReader(classFile).accept(reader, ClassReader.SKIP_DEBUG | ClassReader.EXPAND_FRAMES);
    if (reader.unfit || (reader.enter == null && reader.exit == null)) {
      return null;
    }
    Part enter = reader.enter;
    Part exit = reader.exit;
    if (enter != null && (enter.other || !enter.suppress || enter.onThrowable)) {
      return null;
    }
    if (exit != null && (exit.other || !exit.suppress || exit.returns.getSort() != Type.VOID)) {
      return null;
    }
    for (Part part : new Part[] {enter, exit}) {
      if (part == null) {
        continue;
      }
      for (Binding b : part.params) {
        if (b.kind == null || b.other
            || (part == enter && (b.kind == Kind.RETURN || b.kind == Kind.THROWN
                || b.kind == Kind.ENTER))
            || (b.kind == Kind.ENTER && (enter == null || enter.returns.getSort() == Type.VOID))
            || (b.kind == Kind.CALL && b.type.getSort() != Type.INT)
            || (b.kind == Kind.ORIGIN && (!b.type.getDescriptor().equals("Ljava/lang/String;")
                || origin((String) b.value, "t", "m") == null))
            || (b.kind == Kind.THROWN && !b.type.getDescriptor().equals(THROWABLE_DESCRIPTOR))) {
          return null;
        }
      }
    }
    return new InlineAdvice(call, enter, exit);
  }

  /** A {@code @Origin} pattern with {@code #t} and {@code #m} filled in; null for any other. */
  private static String origin(String pattern, String type, String method) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '#') {
        out.append('#');
        i++;
      } else if (c == '#') {
        if (i + 1 == pattern.length()) {
          return null;
        }
        char what = pattern.charAt(++i);
        if (what == 't') {
          out.append(type);
        } else if (what == 'm') {
          out.append(method);
        } else {
          return null;
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public MethodVisitor wrap(ClassInfo type, ClassInfo.Method method, MethodVisitor to) {
    if (method.isAbstract() || method.isNative()) {
      return to; // no code: as ByteBuddy's advice leaves it
    }
    if ((type.version() & 0xFFFF) < Opcodes.V1_6 || method.isTypeInitializer()
        || (method.isConstructor() && (enter != null || exit.onThrowable))) {
      // No stack map frames to keep whole; a constructor's code before super(): ByteBuddy's.
      throw new Unfit("advice on " + method);
    }
    for (MethodVisitor v = to; v != null; v = v.getDelegate()) {
      if (v instanceof Weave) {
        // Its handlers' frames would not name what the other's code keeps: ByteBuddy's to weave.
        throw new Unfit("two advice woven into " + method);
      }
    }
    Weave weave = new Weave(this, type, method, to);
    weave.check(enter);
    weave.check(exit);
    return weave;
  }

  /** An annotation's values; one this weaver does not take (enum, array) is {@link #other}. */
  private abstract static class Values extends AnnotationVisitor {
    Values() {
      super(Opcodes.ASM9);
    }

    abstract void other();

    @Override
    public void visitEnum(String attribute, String descriptor, String value) {
      other();
    }

    @Override
    public AnnotationVisitor visitAnnotation(String attribute, String descriptor) {
      other();
      return null;
    }

    @Override
    public AnnotationVisitor visitArray(String attribute) {
      other();
      return null;
    }
  }

  /** Reads an advice class: its enter and exit methods, and whether they have the shape. */
  private static final class Reader extends ClassVisitor {
    Part enter;
    Part exit;
    boolean unfit;

    Reader() {
      super(Opcodes.ASM9);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor,
        String signature, String[] exceptions) {
      boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
      Part part = new Part();
      Type[] args = Type.getArgumentTypes(descriptor);
      part.params = new Binding[args.length];
      int[] slots = new int[args.length];
      int slot = 0;
      for (int i = 0; i < args.length; i++) {
        part.params[i] = new Binding(args[i]);
        slots[i] = slot;
        slot += args[i].getSize();
      }
      part.returns = Type.getReturnType(descriptor);
      return new MethodVisitor(Opcodes.ASM9) {
        boolean advice;
        /** Whether the last op is a return, as the code's last must be. */
        boolean ended;

        private void add(Object... op) {
          ended = (Integer) op[0] == RET || (ended && (Integer) op[0] == LABEL);
          part.code.add(op);
        }

        private void unfit() {
          part.other = true;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
          boolean isEnter = descriptor.equals(ENTER);
          if (!isEnter && !descriptor.equals(EXIT)) {
            return null;
          }
          advice = true;
          if (!isStatic || (isEnter ? enter != null : exit != null)) {
            unfit = true;
          } else if (isEnter) {
            enter = part;
          } else {
            exit = part;
          }
          return new Values() {
            @Override
            public void visit(String attribute, Object value) {
              boolean throwable = value instanceof Type
                  && ((Type) value).getInternalName().equals(THROWABLE);
              if (attribute.equals("suppress") && throwable) {
                part.suppress = true;
              } else if (attribute.equals("onThrowable") && throwable && !isEnter) {
                part.onThrowable = true;
              } else {
                other();
              }
            }

            @Override
            void other() {
              unfit();
            }
          };
        }

        @Override
        public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor,
            boolean visible) {
          Kind kind = KINDS.get(descriptor);
          if (kind == null || parameter >= part.params.length) {
            return null; // an annotation of another meaning; the parameter stays unbound
          }
          Binding b = part.params[parameter];
          if (b.kind != null) {
            b.other = true;
          }
          b.kind = kind;
          return new Values() {
            @Override
            public void visit(String attribute, Object value) {
              boolean named = attribute.equals("value");
              if (named && kind == Kind.ARGUMENT && value instanceof Integer) {
                b.value = value;
              } else if (named && (kind == Kind.FIELD || kind == Kind.ORIGIN)
                  && value instanceof String) {
                b.value = value;
              } else {
                other(); // optional, readOnly, typing, declaringType: ByteBuddy's to do
              }
            }

            @Override
            void other() {
              b.other = true;
            }

            @Override
            public void visitEnd() {
              // No value: an @Argument or @FieldValue says nothing, and @Origin's default (the
              // method's whole description) is ByteBuddy's to give.
              if (b.value == null
                  && (kind == Kind.ARGUMENT || kind == Kind.FIELD || kind == Kind.ORIGIN)) {
                b.other = true;
              }
            }
          };
        }

        @Override
        public void visitEnd() {
          if (!advice) {
            return;
          }
          if (!ended) {
            unfit();
          }
        }

        @Override
        public void visitInsn(int opcode) {
          if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            add(RET);
          } else if (opcode == Opcodes.ATHROW) {
            unfit();
          } else {
            add(opcode);
          }
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
          add(Opcodes.BIPUSH, opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
          int param = -1;
          for (int i = 0; i < slots.length; i++) {
            if (slots[i] == var) {
              param = i;
            }
          }
          if (opcode < Opcodes.ILOAD || opcode > Opcodes.ALOAD || param < 0) {
            unfit(); // a store or a local of its own: ByteBuddy's to weave
          } else {
            add(Opcodes.ILOAD, param);
          }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
          add(Opcodes.NEW, opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
          add(Opcodes.GETFIELD, opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
            boolean isInterface) {
          add(Opcodes.INVOKESTATIC, opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitLdcInsn(Object value) {
          if (value instanceof Handle || value instanceof ConstantDynamic) {
            unfit();
          } else {
            add(Opcodes.LDC, value);
          }
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
          add(Opcodes.MULTIANEWARRAY, descriptor, dimensions);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
            Object... arguments) {
          unfit();
        }

        private int label(Label label) {
          return part.labels.computeIfAbsent(label, l -> part.labels.size());
        }

        @Override
        public void visitLabel(Label label) {
          add(LABEL, label(label));
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
          if (opcode == Opcodes.JSR) {
            unfit();
          } else {
            add(JUMP, opcode, label(label));
          }
        }

        @Override
        public void visitFrame(int type, int localCount, Object[] local, int stackCount,
            Object[] stack) {
          // Its locals are the advice method's parameters, which the woven code does not have;
          // its stack is the advice's own, kept.
          Object[] kept = Arrays.copyOf(stack, stackCount);
          for (Object item : kept) {
            if (item instanceof Label) {
              unfit(); // an object made before a branch: not worth following
            }
          }
          part.frames = true;
          add(FRAME, kept);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
          unfit();
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
          unfit();
        }

        @Override
        public void visitIincInsn(int var, int increment) {
          unfit();
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
          unfit();
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
          part.maxStack = maxStack;
        }
      };
    }
  }

  /** One method being woven. */
  private static final class Weave extends MethodVisitor {
    private final InlineAdvice advice;
    private final ClassInfo type;
    private final ClassInfo.Method method;
    private final Type[] args;
    private final Type returns;
    /** The slot of each argument; {@code params} slots in all, {@code this} included. */
    private final int[] argSlots;
    private final int params;
    /**
     * Per argument, the slot of the copy the exit code reads, or -1: exit advice sees the
     * arguments as they were given, as ByteBuddy's does, even when the method assigned its
     * parameter.
     */
    private final int[] backupSlots;
    /**
     * The copy of {@code this} the exit code reads, or 0 (the exit code reads none, or a
     * constructor's, which is only made by the body): the method may store anything in its
     * parameters' slots (Kotlin's {@code $default} methods do), so exit code reads none of them.
     */
    private final int thisCopy;
    private final int enterSlot;
    private final int returnSlot;
    private final int thrownSlot;
    /** How many slots the weave adds after the parameters. */
    private final int added;
    /** What the parameters are at the method's start, as frames name them. */
    private final List<Object> paramFrame = new ArrayList<>();
    private final Label body = new Label();
    /** What the method's own code leaves on its stack, as it is visited. */
    private final StackDepth depth = new StackDepth();
    /** The advice's handlers, which must come before the method's own (see visitMaxs). */
    private final List<Label[]> first = new ArrayList<>();
    private final List<Object[]> own = new ArrayList<>();
    /** How many of the method's own try blocks cover the next instruction. */
    private int openTries;

    Weave(InlineAdvice advice, ClassInfo type, ClassInfo.Method method, MethodVisitor to) {
      super(Opcodes.ASM9, to);
      this.advice = advice;
      this.type = type;
      this.method = method;
      String descriptor = method.descriptor();
      args = Type.getArgumentTypes(descriptor);
      returns = Type.getReturnType(descriptor);
      argSlots = new int[args.length];
      int slot = 0;
      if (!method.isStatic()) {
        paramFrame.add(method.isConstructor() ? Opcodes.UNINITIALIZED_THIS
            : type.internalName());
        slot = 1;
      }
      for (int i = 0; i < args.length; i++) {
        argSlots[i] = slot;
        slot += args[i].getSize();
        paramFrame.add(frameType(args[i]));
      }
      params = slot;
      boolean exitReadsThis = false;
      if (advice.exit != null) {
        for (Binding b : advice.exit.params) {
          exitReadsThis |= b.kind == Kind.THIS || b.kind == Kind.FIELD;
        }
      }
      thisCopy = exitReadsThis && !method.isStatic() && !method.isConstructor() ? slot++ : 0;
      backupSlots = new int[args.length];
      Arrays.fill(backupSlots, -1);
      if (advice.exit != null) {
        for (Binding b : advice.exit.params) {
          if (b.kind == Kind.ARGUMENT) {
            int index = (Integer) b.value;
            if (index >= 0 && index < args.length && backupSlots[index] < 0) {
              backupSlots[index] = slot;
              slot += args[index].getSize();
            }
          }
        }
      }
      Type entered = advice.enter == null ? Type.VOID_TYPE : advice.enter.returns;
      enterSlot = slot;
      slot += entered.getSize();
      returnSlot = slot;
      if (advice.exit != null) {
        slot += returns.getSize();
      }
      thrownSlot = slot;
      if (advice.exit != null && advice.exit.onThrowable) {
        slot++;
      }
      added = slot - params;
    }

    private static Object frameType(Type t) {
      switch (t.getSort()) {
        case Type.BOOLEAN:
        case Type.BYTE:
        case Type.CHAR:
        case Type.SHORT:
        case Type.INT:
          return Opcodes.INTEGER;
        case Type.LONG:
          return Opcodes.LONG;
        case Type.FLOAT:
          return Opcodes.FLOAT;
        case Type.DOUBLE:
          return Opcodes.DOUBLE;
        default:
          return t.getInternalName(); // an array's is its descriptor, as frames want
      }
    }

    private Type entered() {
      return advice.enter == null ? Type.VOID_TYPE : advice.enter.returns;
    }

    /** Frame entries for the copies of {@code this} and the arguments, in slot order. */
    private void backups(List<Object> locals) {
      int start = params;
      if (thisCopy > 0) {
        locals.add(type.internalName());
        start++;
      }
      for (int slot = start; slot < enterSlot; ) {
        for (int i = 0; i < args.length; i++) {
          if (backupSlots[i] == slot) {
            locals.add(frameType(args[i]));
            slot += args[i].getSize();
          }
        }
      }
    }

    /** Frame entries for the slots the weave adds, as the original body sees them. */
    private void addedInBody(List<Object> locals) {
      backups(locals);
      if (entered().getSort() != Type.VOID) {
        locals.add(frameType(entered()));
      }
      for (int i = enterSlot + entered().getSize(); i < params + added; i++) {
        locals.add(Opcodes.TOP);
      }
    }

    private void frame(List<Object> locals, Object... stack) {
      super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), stack.length, stack);
    }

    /**
     * Locals as a frame after the method's start names them: its parameters' slots unknown (the
     * method may have stored anything there), then the copies and the entered value, which only
     * the weave writes.
     */
    private List<Object> kept() {
      List<Object> locals = new ArrayList<>();
      for (int i = 0; i < params; i++) {
        locals.add(Opcodes.TOP);
      }
      backups(locals);
      if (entered().getSort() != Type.VOID) {
        locals.add(frameType(entered()));
      }
      return locals;
    }

    /** Locals at the method's start, the enter code run: the parameters as given. */
    private List<Object> paramsAndEntered() {
      List<Object> locals = new ArrayList<>(paramFrame);
      backups(locals);
      if (entered().getSort() != Type.VOID) {
        locals.add(frameType(entered()));
      }
      return locals;
    }

    @Override
    public void visitCode() {
      super.visitCode();
      if (thisCopy > 0) {
        super.visitVarInsn(Opcodes.ALOAD, 0);
        super.visitVarInsn(Opcodes.ASTORE, thisCopy);
      }
      for (int i = 0; i < args.length; i++) {
        if (backupSlots[i] >= 0) {
          super.visitVarInsn(args[i].getOpcode(Opcodes.ILOAD), argSlots[i]);
          super.visitVarInsn(args[i].getOpcode(Opcodes.ISTORE), backupSlots[i]);
        }
      }
      if (advice.enter != null) {
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        super.visitLabel(start);
        List<Object> atStart = new ArrayList<>(paramFrame);
        backups(atStart);
        boolean any = inline(advice.enter, false, atStart);
        Type entered = entered();
        if (entered.getSort() != Type.VOID) {
          super.visitVarInsn(entered.getOpcode(Opcodes.ISTORE), enterSlot);
          any = true;
        }
        super.visitLabel(end);
        if (any) {
          super.visitJumpInsn(Opcodes.GOTO, body);
          super.visitLabel(handler);
          List<Object> locals = new ArrayList<>(paramFrame);
          backups(locals);
          frame(locals, THROWABLE);
          super.visitInsn(Opcodes.POP);
          if (entered.getSort() != Type.VOID) {
            pushDefault(entered);
            super.visitVarInsn(entered.getOpcode(Opcodes.ISTORE), enterSlot);
          }
          first.add(new Label[] {start, end, handler});
        }
        super.visitLabel(body);
        if (any) {
          frame(paramsAndEntered());
          super.visitInsn(Opcodes.NOP); // the method's own first frame, if any, comes after
        }
      } else {
        super.visitLabel(body);
      }
    }

    /** Locals as the exit code at a return sees them, for the frames where it branches. */
    private List<Object> atReturn() {
      List<Object> locals = kept();
      if (method.isConstructor()) {
        locals.set(0, type.internalName()); // made by now; its exit code reads it there
      }
      if (returns.getSort() != Type.VOID) {
        locals.add(frameType(returns));
      }
      return locals;
    }

    @Override
    public void visitInsn(int opcode) {
      if (advice.exit == null || opcode < Opcodes.IRETURN || opcode > Opcodes.RETURN) {
        depth.visitInsn(opcode);
        super.visitInsn(opcode);
        return;
      }
      if (openTries > 0) {
        // javac ends a try block before its return; code that does not would have the method's
        // handler cover the exit code, whose frames name only what it reads.
        throw new Unfit("a return inside the method's own try block");
      }
      if (advice.exit.frames && depth.depth() != returns.getSize()) {
        // The exit code's frames would have to name what the method leaves below its result.
        throw new Unfit("a return with " + depth.depth() + " slots on the stack");
      }
      depth.visitInsn(opcode);
      if (returns.getSort() != Type.VOID) {
        super.visitVarInsn(returns.getOpcode(Opcodes.ISTORE), returnSlot);
      }
      Label start = new Label();
      Label end = new Label();
      Label handler = new Label();
      super.visitLabel(start);
      boolean any = inline(advice.exit, false, atReturn());
      super.visitLabel(end);
      returnStored(opcode);
      if (any) {
        super.visitLabel(handler);
        // As the handler over the whole body (onThrowable) names them, which covers this one.
        List<Object> locals = kept();
        if (returns.getSort() != Type.VOID) {
          locals.add(frameType(returns));
        }
        frame(locals, THROWABLE);
        super.visitInsn(Opcodes.POP);
        returnStored(opcode);
        first.add(new Label[] {start, end, handler});
      }
    }

    private void returnStored(int opcode) {
      if (returns.getSort() != Type.VOID) {
        super.visitVarInsn(returns.getOpcode(Opcodes.ILOAD), returnSlot);
      }
      super.visitInsn(opcode);
    }

    /**
     * The part's code, its parameters' loads replaced by what they are bound to; true when it
     * emitted an instruction. {@code thrown}: in the handler for what the body threw.
     */
    private boolean inline(Part part, boolean thrown, List<Object> locals) {
      boolean any = false;
      boolean framed = false; // a frame was written and no instruction since
      Label[] labels = new Label[part.labels.size()];
      Label end = null;
      int last = part.code.size() - 1;
      while (last >= 0 && (Integer) part.code.get(last)[0] == LABEL) {
        last--;
      }
      for (int i = 0; i < part.code.size(); i++) {
        Object[] op = part.code.get(i);
        int tag = (Integer) op[0];
        if (tag == LABEL) {
          super.visitLabel(label(labels, (Integer) op[1]));
          continue;
        }
        if (tag == FRAME) {
          if (!any) {
            super.visitInsn(Opcodes.NOP); // a frame of the method's may be where this starts
            any = true;
          }
          frame(locals, (Object[]) op[1]);
          framed = true;
          continue;
        }
        if (tag == RET && i == last) {
          break;
        }
        any = true;
        framed = false;
        switch (tag) {
          case RET:
            end = end == null ? new Label() : end;
            super.visitJumpInsn(Opcodes.GOTO, end);
            break;
          case JUMP:
            super.visitJumpInsn((Integer) op[1], label(labels, (Integer) op[2]));
            break;
          case Opcodes.ILOAD:
            load(part.params[(Integer) op[1]], part == advice.exit, thrown);
            break;
          case Opcodes.BIPUSH:
            super.visitIntInsn((Integer) op[1], (Integer) op[2]);
            break;
          case Opcodes.NEW:
            super.visitTypeInsn((Integer) op[1], (String) op[2]);
            break;
          case Opcodes.GETFIELD:
            super.visitFieldInsn((Integer) op[1], (String) op[2], (String) op[3], (String) op[4]);
            break;
          case Opcodes.INVOKESTATIC:
            super.visitMethodInsn((Integer) op[1], (String) op[2], (String) op[3],
                (String) op[4], (Boolean) op[5]);
            break;
          case Opcodes.LDC:
            super.visitLdcInsn(op[1]);
            break;
          case Opcodes.MULTIANEWARRAY:
            super.visitMultiANewArrayInsn((String) op[1], (Integer) op[2]);
            break;
          default:
            super.visitInsn(tag);
        }
      }
      if (end != null) {
        // Where each early return goes; a frame of the advice's already here says the same.
        super.visitLabel(end);
        if (!framed) {
          frame(locals, part.returns.getSort() == Type.VOID ? new Object[0]
              : new Object[] {frameType(part.returns)});
        }
      }
      return any;
    }

    private static Label label(Label[] labels, int index) {
      if (labels[index] == null) {
        labels[index] = new Label();
      }
      return labels[index];
    }

    /** Throws {@link Unfit} if a value {@code part} reads cannot be given as it asks. */
    void check(Part part) {
      if (part == null) {
        return;
      }
      for (Binding b : part.params) {
        switch (b.kind) {
          case THIS:
            if (method.isStatic()) {
              throw new Unfit("@This in a static method");
            }
            convertible(Type.getObjectType(type.internalName()), b.type);
            break;
          case ARGUMENT: {
            int index = (Integer) b.value;
            if (index < 0 || index >= args.length) {
              throw new Unfit("no argument " + index);
            }
            convertible(args[index], b.type);
            break;
          }
          case RETURN:
            if (returns.getSort() != Type.VOID) {
              convertible(returns, b.type);
            }
            break;
          case ENTER:
            convertible(entered(), b.type);
            break;
          case FIELD:
            convertible(Type.getType(field(b).descriptor), b.type);
            break;
          default:
            break;
        }
      }
    }

    /**
     * Pushes what the advice parameter {@code b} is bound to, as its type; {@code exiting}: for
     * the exit code, {@code thrown}: in the handler for what the body threw.
     */
    private void load(Binding b, boolean exiting, boolean thrown) {
      switch (b.kind) {
        case CALL:
          super.visitLdcInsn(advice.call);
          return;
        case THIS:
          if (method.isStatic()) {
            throw new Unfit("@This in a static method");
          }
          super.visitVarInsn(Opcodes.ALOAD, exiting ? thisCopy : 0);
          convert(Type.getObjectType(type.internalName()), b.type);
          return;
        case ARGUMENT: {
          int index = (Integer) b.value;
          if (index < 0 || index >= args.length) {
            throw new Unfit("no argument " + index);
          }
          int from = exiting && backupSlots[index] >= 0 ? backupSlots[index] : argSlots[index];
          super.visitVarInsn(args[index].getOpcode(Opcodes.ILOAD), from);
          convert(args[index], b.type);
          return;
        }
        case RETURN:
          if (thrown || returns.getSort() == Type.VOID) {
            pushDefault(b.type);
          } else {
            super.visitVarInsn(returns.getOpcode(Opcodes.ILOAD), returnSlot);
            convert(returns, b.type);
          }
          return;
        case THROWN:
          if (thrown) {
            super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
          } else {
            super.visitInsn(Opcodes.ACONST_NULL);
          }
          return;
        case ENTER:
          super.visitVarInsn(entered().getOpcode(Opcodes.ILOAD), enterSlot);
          convert(entered(), b.type);
          return;
        case FIELD:
          readField(b, exiting);
          return;
        case ORIGIN:
          super.visitLdcInsn(origin((String) b.value, type.name(), method.name()));
          return;
        default:
          throw new Unfit("binding " + b.kind);
      }
    }

    /**
     * The field a {@code @FieldValue} names, found up the class's hierarchy as ByteBuddy finds
     * it; one the method cannot read is unfit.
     */
    private ClassInfo.Field field(Binding b) {
      String name = (String) b.value;
      ClassInfo.Field f = type.field(name);
      if (f == null) {
        throw new Unfit("no field " + name);
      }
      if (f.isPrivate() && f.owner != type) {
        throw new Unfit("field " + name + " is private to " + f.owner.name());
      }
      if (!f.isStatic() && method.isStatic()) {
        throw new Unfit("instance field " + name + " read in a static method");
      }
      return f;
    }

    private void readField(Binding b, boolean exiting) {
      ClassInfo.Field f = field(b);
      String owner = f.owner.internalName();
      if (f.isStatic()) {
        super.visitFieldInsn(Opcodes.GETSTATIC, owner, f.name, f.descriptor);
      } else {
        super.visitVarInsn(Opcodes.ALOAD, exiting ? thisCopy : 0);
        super.visitFieldInsn(Opcodes.GETFIELD, owner, f.name, f.descriptor);
      }
      convert(Type.getType(f.descriptor), b.type);
    }

    /**
     * Makes a value of type {@code from} on the stack one of {@code to}: nothing when they are the
     * same or {@code to} is Object and {@code from} a reference, a box for a primitive to Object.
     * Anything else is ByteBuddy's to judge.
     */
    private static void convertible(Type from, Type to) {
      if (!from.equals(to) && !to.getDescriptor().equals(OBJECT_DESCRIPTOR)) {
        throw new Unfit(from + " given as " + to);
      }
    }

    private void convert(Type from, Type to) {
      convertible(from, to);
      if (from.equals(to) || from.getSort() == Type.OBJECT || from.getSort() == Type.ARRAY) {
        return;
      }
      Type box;
      switch (from.getSort()) {
        case Type.BOOLEAN: box = Type.getType(Boolean.class); break;
        case Type.BYTE: box = Type.getType(Byte.class); break;
        case Type.CHAR: box = Type.getType(Character.class); break;
        case Type.SHORT: box = Type.getType(Short.class); break;
        case Type.INT: box = Type.getType(Integer.class); break;
        case Type.LONG: box = Type.getType(Long.class); break;
        case Type.FLOAT: box = Type.getType(Float.class); break;
        case Type.DOUBLE: box = Type.getType(Double.class); break;
        default: throw new Unfit(from + " given as " + to);
      }
      super.visitMethodInsn(Opcodes.INVOKESTATIC, box.getInternalName(), "valueOf",
          Type.getMethodDescriptor(box, from), false);
    }

    private void pushDefault(Type t) {
      switch (t.getSort()) {
        case Type.LONG:
          super.visitInsn(Opcodes.LCONST_0);
          break;
        case Type.FLOAT:
          super.visitInsn(Opcodes.FCONST_0);
          break;
        case Type.DOUBLE:
          super.visitInsn(Opcodes.DCONST_0);
          break;
        case Type.OBJECT:
        case Type.ARRAY:
          super.visitInsn(Opcodes.ACONST_NULL);
          break;
        default:
          super.visitInsn(Opcodes.ICONST_0);
      }
    }

    // The method's own locals move up by the slots the weave adds.

    private int moved(int var) {
      return var < params ? var : var + added;
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
      depth.visitVarInsn(opcode, var);
      super.visitVarInsn(opcode, moved(var));
    }

    // The method's own instructions also go to the depth of its stack.

    @Override
    public void visitIntInsn(int opcode, int operand) {
      depth.visitIntInsn(opcode, operand);
      super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      depth.visitTypeInsn(opcode, type);
      super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      depth.visitFieldInsn(opcode, owner, name, descriptor);
      super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
        boolean isInterface) {
      depth.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
      super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
        Object... arguments) {
      depth.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
      super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      depth.visitJumpInsn(opcode, label);
      super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
      depth.visitLdcInsn(value);
      super.visitLdcInsn(value);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      depth.visitTableSwitchInsn(min, max, dflt, labels);
      super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      depth.visitLookupSwitchInsn(dflt, keys, labels);
      super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
      depth.visitMultiANewArrayInsn(descriptor, dimensions);
      super.visitMultiANewArrayInsn(descriptor, dimensions);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
      super.visitIincInsn(moved(var), increment);
    }

    @Override
    public void visitLocalVariable(String name, String descriptor, String signature, Label start,
        Label end, int index) {
      super.visitLocalVariable(name, descriptor, signature, start, end, moved(index));
    }

    @Override
    public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath,
        Label[] start, Label[] end, int[] index, String descriptor, boolean visible) {
      int[] movedIndex = new int[index.length];
      for (int i = 0; i < index.length; i++) {
        movedIndex[i] = moved(index[i]);
      }
      return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, movedIndex,
          descriptor, visible);
    }

    @Override
    public void visitFrame(int kind, int localCount, Object[] local, int stackCount,
        Object[] stack) {
      if (kind != Opcodes.F_NEW) {
        throw new Unfit("frames not expanded");
      }
      depth.visitFrame(kind, localCount, local, stackCount, stack);
      List<Object> locals = new ArrayList<>(localCount + added);
      int slot = 0;
      int i = 0;
      for (; i < localCount && slot < params; i++) {
        locals.add(local[i]);
        slot += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
      }
      if (slot > params) {
        // A long or double over the last parameter's slot and the next: the slots the weave adds
        // would not be where its code reads them.
        throw new Unfit("a frame's wide local straddles the parameters' end");
      }
      for (; slot < params; slot++) {
        locals.add(Opcodes.TOP);
      }
      addedInBody(locals);
      for (; i < localCount; i++) {
        locals.add(local[i]);
      }
      super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), stackCount, stack);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
      own.add(new Object[] {start, end, handler, type});
    }

    @Override
    public void visitLabel(Label label) {
      // The method's own try blocks open and close at their labels (all of them are visited
      // before its code is).
      for (Object[] h : own) {
        if (h[0] == label) {
          openTries++;
        }
        if (h[1] == label) {
          openTries--;
        }
      }
      super.visitLabel(label);
    }

    @Override
    public AnnotationVisitor visitTryCatchAnnotation(int typeRef, TypePath typePath,
        String descriptor, boolean visible) {
      throw new Unfit("a type annotation on a catch: its index would move");
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
      Label thrownStart = null;
      Label thrownEnd = null;
      Label bodyEnd = new Label();
      Part exit = advice.exit;
      if (exit != null && exit.onThrowable) {
        // What the body throws: stored, the exit code run with it, thrown again.
        super.visitLabel(bodyEnd);
        List<Object> locals = kept();
        for (int i = returnSlot; i < thrownSlot; i++) {
          locals.add(Opcodes.TOP); // the value returned: none
        }
        frame(locals, THROWABLE);
        super.visitVarInsn(Opcodes.ASTORE, thrownSlot);
        thrownStart = new Label();
        thrownEnd = new Label();
        Label handler = new Label();
        super.visitLabel(thrownStart);
        List<Object> withThrown = new ArrayList<>(locals);
        withThrown.add(THROWABLE);
        boolean any = inline(exit, true, withThrown);
        super.visitLabel(thrownEnd);
        super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
        super.visitInsn(Opcodes.ATHROW);
        if (any) {
          super.visitLabel(handler);
          List<Object> handlerLocals = new ArrayList<>(locals);
          handlerLocals.add(THROWABLE);
          frame(handlerLocals, THROWABLE);
          super.visitInsn(Opcodes.POP);
          super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
          super.visitInsn(Opcodes.ATHROW);
          first.add(new Label[] {thrownStart, thrownEnd, handler});
        }
      }
      // The JVM takes the first handler in the table that covers an instruction: the advice's
      // own come first, so what advice inlined inside the method's try blocks throws is dropped
      // there, never caught by the method; the one over the whole body comes last, so the
      // method's own catch what they catch.
      for (Label[] h : first) {
        super.visitTryCatchBlock(h[0], h[1], h[2], THROWABLE);
      }
      for (Object[] h : own) {
        super.visitTryCatchBlock((Label) h[0], (Label) h[1], (Label) h[2], (String) h[3]);
      }
      if (thrownStart != null) {
        super.visitTryCatchBlock(body, bodyEnd, bodyEnd, THROWABLE);
      }
      int adviceStack = Math.max(advice.enter == null ? 0 : advice.enter.maxStack,
          exit == null ? 0 : exit.maxStack);
      // Each bound value may take two slots more than the advice's own parameter (a boxed long).
      super.visitMaxs(maxStack + adviceStack + 4, maxLocals + added);
    }
  }
}
