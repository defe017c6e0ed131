package io.sliagent.instrumentation;

import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether classes of a class loader can see the bridge in the bootstrap class loader. Most loaders
 * delegate to it; isolating ones (JBoss Modules, OSGi without boot delegation) may not, and their
 * classes are left alone rather than given advice that cannot link.
 */
final class BridgeVisibility {

  private static final Map<ClassLoader, Boolean> seen =
      Collections.synchronizedMap(new WeakHashMap<>());

  private BridgeVisibility() {}

  static boolean sees(ClassLoader loader) {
    if (loader == null) {
      return true; // the bootstrap loader holds the bridge
    }
    Boolean known = seen.get(loader);
    if (known == null) {
      known = check(loader); // outside the map's lock: it asks the loader
      seen.put(loader, known);
    }
    return known;
  }

  private static boolean check(ClassLoader loader) {
    try {
      return Class.forName(Bridge.class.getName(), false, loader) == Bridge.class
          && Class.forName(Slot.class.getName(), false, loader) == Slot.class;
    } catch (Throwable e) {
      return false;
    }
  }
}
