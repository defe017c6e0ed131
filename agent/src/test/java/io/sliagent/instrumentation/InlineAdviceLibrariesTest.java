package io.sliagent.instrumentation;

import static io.sliagent.api.Matchers.isConstructor;
import static io.sliagent.api.Matchers.isTypeInitializer;
import static io.sliagent.api.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.api.Call;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

/**
 * The agent's weaver over real libraries' code, compiled by javac and by Kotlin's compiler:
 * every method of their classes woven with straight and with branching advice, and each woven
 * class verified by the JVM wherever the same class unwoven verifies (defined alone in a loader of
 * its own, a class may not: protected access across what are then two packages).
 */
class InlineAdviceLibrariesTest {

  /** Never run: the classes are only verified. */
  public static final class Sink {
    public static long enter(int call) {
      return call;
    }

    public static void exit(int call, Object result, Throwable thrown, long entered) {}
  }

  /** Reads what any method has. */
  public static final class Straight {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@Call int call) {
      return Sink.enter(call);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Call int call, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown, @Advice.Enter long entered) {
      Sink.exit(call, result, thrown, entered);
    }
  }

  /** The same, through branches. */
  public static final class Branching {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@Call int call) {
      return call > 0 ? Sink.enter(call) : 0L;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Call int call, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown, @Advice.Enter long entered) {
      if (thrown != null) {
        Sink.exit(call, null, thrown, entered);
        return;
      }
      Sink.exit(call, result, null, entered);
    }
  }

  private static final int CLASSES_PER_LIBRARY = 1500;

  @Test
  void everyMethodOfRealLibrariesWovenStillVerifies() throws Exception {
    ClassLoader loader = InlineAdviceLibrariesTest.class.getClassLoader();
    Hierarchy hierarchy = new Hierarchy(loader);
    InlineAdvice straight = parse(Straight.class);
    InlineAdvice branching = parse(Branching.class);
    List<String> broken = new ArrayList<>();
    int verified = 0;
    int declined = 0;
    for (String library : new String[] {"okhttp3.OkHttpClient", "kotlin.collections.ArraysKt",
        "org.apache.kafka.clients.consumer.KafkaConsumer",
        "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
        "reactor.netty.http.client.HttpClient", "io.netty.channel.Channel",
        "org.springframework.core.SpringVersion", "org.quartz.Scheduler",
        "org.snakeyaml.engine.v2.api.Load"}) {
      for (String name : classesOf(Class.forName(library, false, loader))) {
        byte[] bytes = ClassFileLocator.ForClassLoader.of(loader).locate(name).resolve();
        if (refused(name, bytes) != null) {
          continue; // not alone in a loader of its own, woven or not
        }
        for (InlineAdvice advice : new InlineAdvice[] {straight, branching}) {
          byte[] woven;
          try {
            woven = AdviceTransformers.weave(ClassInfo.read(bytes, hierarchy), bytes,
                List.of(new AdviceTransformers.Woven(
                    not(isConstructor()).and(not(isTypeInitializer())), advice, null, null)));
          } catch (InlineAdvice.Unfit e) {
            declined++; // ByteBuddy's to weave, in the agent
            continue;
          }
          if (woven == null) {
            continue; // no method to weave
          }
          String refused = refused(name, woven);
          if (refused == null) {
            verified++;
          } else {
            broken.add(name + " (" + (advice == straight ? "straight" : "branching") + "): "
                + refused);
          }
        }
      }
    }
    System.out.println(verified + " woven classes verified, " + declined + " declined");
    assertEquals(List.of(), broken, "woven classes the JVM refuses");
    assertTrue(verified > 1000, verified + " woven classes verified, " + declined + " declined");
  }

  private static InlineAdvice parse(Class<?> advice) throws IOException {
    return InlineAdvice.parse(ClassFileLocator.ForClassLoader.of(advice.getClassLoader())
        .locate(advice.getName()).resolve(), 1);
  }

  /**
   * Why the JVM refuses {@code bytes} defined alone (its dependencies from this loader); null when
   * it defines, links and so verifies the class.
   */
  private static String refused(String name, byte[] bytes) {
    ClassLoader parent = InlineAdviceLibrariesTest.class.getClassLoader();
    try {
      Class<?> c = new ClassLoader(parent) {
        Class<?> define() {
          return defineClass(name, bytes, 0, bytes.length);
        }
      }.define();
      c.getDeclaredMethods(); // links, so verifies, the class
      return null;
    } catch (LinkageError | SecurityException e) {
      // A VerifyError; or a dependency missing here, or a package the JVM keeps to itself.
      return String.valueOf(e);
    }
  }

  /** The first classes, by entry order, of the jar {@code anchor} came from. */
  private static List<String> classesOf(Class<?> anchor) throws Exception {
    Path jar = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements() && names.size() < CLASSES_PER_LIBRARY) {
        String entry = entries.nextElement().getName();
        if (entry.endsWith(".class") && !entry.startsWith("META-INF/")
            && !entry.endsWith("module-info.class") && !entry.endsWith("package-info.class")) {
          names.add(entry.substring(0, entry.length() - 6).replace('/', '.'));
        }
      }
    }
    return names;
  }
}
