package io.sliagent.discovery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;

/**
 * The class loader of one extension jar. Its parent is the agent's loader, so the extension links
 * against the agent's API and relocated ByteBuddy; every class file of the jar is relocated
 * ({@link Relocation}) as it is defined, and handed out relocated as a resource too, since
 * ByteBuddy reads advice from class files rather than loading it.
 */
final class ExtensionLoader extends URLClassLoader {

  static {
    registerAsParallelCapable();
  }

  private final Relocation relocation;
  private final ProtectionDomain domain;

  ExtensionLoader(URL jar, ClassLoader parent, Relocation relocation) {
    super(new URL[] {jar}, parent);
    this.relocation = relocation;
    this.domain = new ProtectionDomain(new CodeSource(jar, (Certificate[]) null), null, this,
        null);
  }

  /**
   * The jar's own classes first: were the extension also on the application's class path, the
   * parent (the system loader) would hand out its unrelocated copy, which cannot link. The
   * agent's and the JDK's names always come from the parent.
   */
  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith("java.") || name.startsWith("io.sliagent.api.")
        || name.startsWith("io.sliagent.bootstrap.")
        || findResource(name.replace('.', '/') + ".class") == null) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = findClass(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = ownClassFile(name.replace('.', '/') + ".class");
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  /** The jar's own class files come relocated and first; everything else as usual. */
  @Override
  public InputStream getResourceAsStream(String name) {
    if (name.endsWith(".class")) {
      byte[] bytes = ownClassFile(name);
      if (bytes != null) {
        return new ByteArrayInputStream(bytes);
      }
    }
    return super.getResourceAsStream(name);
  }

  private byte[] ownClassFile(String resource) {
    URL url = findResource(resource);
    if (url == null) {
      return null;
    }
    try (InputStream in = url.openStream()) {
      return relocation.apply(in.readAllBytes());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
