package io.sliagent.it.app;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;

/**
 * Loads the H2 driver from a jar through class loaders of its own (a parent-last child under a
 * plain child, as application servers nest them), not from the class path, and queries it.
 * Arguments: H2_JAR
 */
public final class ChildLoaderApp {

  private ChildLoaderApp() {}

  public static void main(String[] args) throws Exception {
    URL jar = Path.of(args[0]).toUri().toURL();
    ClassLoader middle = new URLClassLoader("middle", new URL[0], ChildLoaderApp.class.getClassLoader());
    ClassLoader child = new URLClassLoader("webapp", new URL[] {jar}, middle) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
          Class<?> c = findLoadedClass(name);
          if (c == null && name.startsWith("org.h2.")) {
            c = findClass(name); // parent-last for the driver
          }
          return c != null ? c : super.loadClass(name, resolve);
        }
      }
    };
    Driver driver = (Driver) child.loadClass("org.h2.Driver").getDeclaredConstructor()
        .newInstance();
    System.out.println("driver loaded by " + driver.getClass().getClassLoader().getName());
    try (Connection c = driver.connect("jdbc:h2:mem:child", new Properties());
        PreparedStatement q = c.prepareStatement("SELECT 1 FROM dual WHERE 1 = ?")) {
      for (int i = 0; i < 7; i++) {
        q.setInt(1, 1);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
        }
      }
    }
    System.out.println("queried 7 times");
  }
}
