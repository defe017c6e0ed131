package io.sliagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.bootstrap.Slot;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slot a class gains as it loads: a field of its own, read and written through Slot. */
class SlotFieldTest {

  /** A class shaped like a JDBC connection: state, a constructor, and a subclass. */
  public static class Plain {
    final List<String> calls = new ArrayList<>();

    public String call(String sql) {
      calls.add(sql);
      return sql.toUpperCase(java.util.Locale.ROOT);
    }
  }

  public static class Sub extends Plain {}

  interface NotAClass {}

  /** Already declares the field's name: someone else's, left alone. */
  public static class Taken {
    Object sli$slot;
  }

  @Test
  void theClassGainsASlotAndStillBehavesAsBefore() throws Exception {
    Class<?> c = load(Plain.class);
    Object o = c.getConstructor().newInstance();
    assertTrue(o instanceof Slot);
    Slot slot = (Slot) o;
    assertNull(slot.sli$get());
    Object state = new Object();
    slot.sli$set(state);
    assertSame(state, slot.sli$get());
    assertEquals(0L, slot.sli$getLong());
    slot.sli$setLong(Long.MIN_VALUE + 7);
    assertEquals(Long.MIN_VALUE + 7, slot.sli$getLong(), "all 64 bits kept");
    assertSame(state, slot.sli$get(), "the two fields are apart");
    assertEquals("SELECT 1", c.getMethod("call", String.class).invoke(o, "select 1"));

    for (String name : new String[] {SlotField.FIELD, SlotField.LONG_FIELD}) {
      Field field = c.getDeclaredField(name);
      assertTrue(field.isSynthetic());
      int m = field.getModifiers();
      assertTrue(Modifier.isPrivate(m) && Modifier.isTransient(m));
      // The object may be read on a thread with no hand-off from the writer; the time stamp
      // is written for every task a pool runs, where a volatile write is a fence.
      assertEquals(name.equals(SlotField.FIELD), Modifier.isVolatile(m), name);
    }
    for (Method method : Slot.class.getMethods()) {
      assertTrue(c.getMethod(method.getName(), method.getParameterTypes()).isSynthetic(),
          method.getName());
    }
  }

  @Test
  void aSubclassOfAClassWithASlotGetsItsOwn() throws Exception {
    byte[] plain = SlotField.add(ChangedClasses.bytes(Plain.class));
    byte[] sub = SlotField.add(ChangedClasses.bytes(Sub.class));
    assertNotNull(sub);
    ChangedClasses.Loader loader = new ChangedClasses.Loader();
    loader.add(Plain.class.getName(), plain);
    loader.add(Sub.class.getName(), sub);
    Class<?> c = loader.loadClass(Sub.class.getName());
    Slot o = (Slot) c.getConstructor().newInstance();
    o.sli$set("x");
    assertEquals("x", o.sli$get());
    assertEquals(1, count(c.getInterfaces(), Slot.class));
  }

  @Test
  void interfacesAndClassesThatTookTheNamesAreLeftAlone() throws Exception {
    assertNull(SlotField.add(ChangedClasses.bytes(NotAClass.class)));
    assertNull(SlotField.add(ChangedClasses.bytes(Taken.class)));
    assertFalse(Slot.class.isAssignableFrom(Plain.class), "the test's own class is unchanged");
  }

  private static int count(Class<?>[] types, Class<?> type) {
    int n = 0;
    for (Class<?> t : types) {
      n += t == type ? 1 : 0;
    }
    return n;
  }

  private static Class<?> load(Class<?> original) throws Exception {
    byte[] changed = SlotField.add(ChangedClasses.bytes(original));
    assertNotNull(changed);
    return ChangedClasses.Loader.define(original, changed);
  }
}
