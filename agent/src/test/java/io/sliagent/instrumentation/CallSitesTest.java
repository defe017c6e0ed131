package io.sliagent.instrumentation;

import static io.sliagent.api.Matchers.any;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.api.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A class's calls of an interface method, given a method of their own: the same calls, results
 * and exceptions, each through the added method, in lambda bodies too.
 */
class CallSitesTest {

  static final Target.CallSite ACCEPT = site("java.util.function.Consumer", "accept");
  static final Target.CallSite APPLY = site("java.util.function.Function", "apply");

  /** Shaped like a provider's dispatcher: work around the call of the application's callback. */
  public static class Caller {
    public final List<String> log = new ArrayList<>();

    public void dispatch(Consumer<Object> listener, Object message) {
      log.add("before");
      listener.accept(message);
      log.add("after");
    }

    public Object apply(Function<Object, Object> f, Object x) {
      return f.apply(x);
    }

    public Runnable later(Consumer<Object> listener) {
      return () -> listener.accept("later");
    }
  }

  /** Never calls the interface. */
  public static class Unrelated {
    public int twice(int x) {
      return 2 * x;
    }
  }

  /** Already declares the name of the method that would be added. */
  public static class Taken {
    static void sli$accept$java_util_function_Consumer(Object o, Consumer<Object> c) {
      c.accept(o);
    }
  }

  interface Calling {
    default void call(Consumer<Object> c) {
      c.accept("x");
    }
  }

  @Test
  void callsGoThroughTheAddedMethodWithTheirArgumentsResultsAndExceptions() throws Exception {
    Class<?> c = load(Caller.class, ACCEPT, APPLY);
    Object caller = c.getConstructor().newInstance();
    List<Object> got = new ArrayList<>();
    Method dispatch = c.getMethod("dispatch", Consumer.class, Object.class);
    dispatch.invoke(caller, (Consumer<Object>) got::add, "m1");
    assertEquals(List.of("m1"), got);

    List<RuntimeException> thrown = new ArrayList<>();
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> dispatch.invoke(caller, (Consumer<Object>) m -> {
          thrown.add(new IllegalStateException("listener failed")); // its trace: from here
          throw thrown.get(0);
        }, "m2"));
    assertSame(thrown.get(0), e.getCause(), "the callback's own exception");
    assertTrue(Arrays.stream(thrown.get(0).getStackTrace()).anyMatch(
        f -> f.getMethodName().equals(CallSites.helper(ACCEPT))), "through the added method");
    @SuppressWarnings("unchecked")
    List<String> log = (List<String>) c.getField("log").get(caller);
    assertEquals(List.of("before", "after", "before"), log);

    Function<Object, Object> upper = x -> x.toString().toUpperCase(java.util.Locale.ROOT);
    assertEquals("ABC", c.getMethod("apply", Function.class, Object.class)
        .invoke(caller, upper, "abc"));

    ((Runnable) c.getMethod("later", Consumer.class).invoke(caller,
        (Consumer<Object>) got::add)).run();
    assertEquals(List.of("m1", "later"), got, "the call in a lambda's body too");

    for (Target.CallSite site : List.of(ACCEPT, APPLY)) {
      Method added = null;
      for (Method m : c.getDeclaredMethods()) {
        added = m.getName().equals(CallSites.helper(site)) ? m : added;
      }
      assertNotNull(added, CallSites.helper(site));
      assertTrue(added.isSynthetic() && Modifier.isPrivate(added.getModifiers())
          && Modifier.isStatic(added.getModifiers()));
      assertEquals(Object.class, added.getParameterTypes()[0], "the argument first");
    }
  }

  @Test
  void classesThatMakeNoSuchCallOrCannotGainTheMethodAreLeftAlone() throws Exception {
    assertNull(CallSites.wrap(ChangedClasses.bytes(Unrelated.class), List.of(ACCEPT, APPLY)));
    assertNull(CallSites.wrap(ChangedClasses.bytes(Caller.class),
        List.of(site("java.lang.Runnable", "run"))));
    assertNull(CallSites.wrap(ChangedClasses.bytes(Taken.class), List.of(ACCEPT)));
    assertNull(CallSites.wrap(ChangedClasses.bytes(Calling.class), List.of(ACCEPT)));
  }

  private static Target.CallSite site(String type, String method) {
    return Target.types(any()).adviceAtCalls(type, method, "java.lang.Object", "Advice", "call")
        .adviceAtCalls().get(0);
  }

  private static Class<?> load(Class<?> original, Target.CallSite... sites) throws Exception {
    byte[] changed = CallSites.wrap(ChangedClasses.bytes(original), List.of(sites));
    assertNotNull(changed);
    return ChangedClasses.Loader.define(original, changed);
  }
}
