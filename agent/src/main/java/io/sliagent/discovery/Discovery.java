package io.sliagent.discovery;

import io.sliagent.api.Instrumentation;
import io.sliagent.api.Signal;
import io.sliagent.log.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the instrumentations: the agent's own, listed in its jar's {@code
 * META-INF/services/io.sliagent.api.Instrumentation}, then those of each extension jar ({@code
 * sli.extensions}: jars, or directories of jars, separated by commas), each jar in a class loader
 * of its own. Only the agent's jar and the extension jars are read, never the application's class
 * path. A broken jar or instrumentation is reported once by name and skipped; nothing here stops
 * the agent.
 */
public final class Discovery {

  static final String SERVICES = "META-INF/services/" + Instrumentation.class.getName();

  private Discovery() {}

  /**
   * Every usable instrumentation, built-ins first, in the order listed; {@code extensions} may be
   * null. {@code reservedSignalNames} are words of the objectives file no signal may take.
   */
  public static List<Instrumentation> find(String extensions,
      Collection<String> reservedSignalNames) {
    List<Instrumentation> found = new ArrayList<>();
    ClassLoader agent = Discovery.class.getClassLoader();
    found.addAll(instantiate(ownServices(), agent, "the agent"));
    if (extensions != null && !extensions.isBlank()) {
      Relocation relocation = new Relocation(String.join(".", "net", "bytebuddy"),
          byteBuddyPackage());
      for (Path jar : jars(extensions)) {
        found.addAll(fromJar(jar, agent, relocation));
      }
    }
    return accepted(found, reservedSignalNames);
  }

  /** The signals of {@code instrumentations}, each once, in order. */
  public static List<Signal> signals(List<Instrumentation> instrumentations) {
    Map<String, Signal> signals = new LinkedHashMap<>();
    for (Instrumentation i : instrumentations) {
      if (i.signal() != null) {
        signals.putIfAbsent(i.signal().name(), i.signal());
      }
    }
    return List.copyOf(signals.values());
  }

  /** Names and signals checked: a bad or clashing one is reported and left out. */
  private static List<Instrumentation> accepted(List<Instrumentation> found,
      Collection<String> reserved) {
    Map<String, Instrumentation> byName = new LinkedHashMap<>();
    Map<String, Signal> signals = new LinkedHashMap<>();
    for (Instrumentation i : found) {
      String what = "instrumentation " + i.getClass().getName();
      try {
        String name = i.name();
        Signal signal = i.signal();
        if (!Signal.isKebabCase(name)) {
          AgentLog.error(what + " is skipped: its name '" + name
              + "' is not kebab case (e.g. my-client)", null);
        } else if (byName.containsKey(name)) {
          AgentLog.error(what + " is skipped: " + byName.get(name).getClass().getName()
              + " already has the name " + name, null);
        } else if (signal == null) {
          byName.put(name, i); // it records no calls of its own
        } else if (reserved.contains(signal.name())) {
          AgentLog.error("instrumentation " + name + " is skipped: its signal may not be named '"
              + signal.name() + "', a word the objectives file uses", null);
        } else if (signals.containsKey(signal.name())
            && !signals.get(signal.name()).equals(signal)) {
          AgentLog.error("instrumentation " + name + " is skipped: its signal " + signal.name()
              + " differs from the one of that name already declared", null);
        } else {
          byName.put(name, i);
          signals.putIfAbsent(signal.name(), signal);
        }
      } catch (Throwable t) {
        AgentLog.error(what + " is skipped: it failed to say its name and signal", t);
      }
    }
    return List.copyOf(byName.values());
  }

  private static List<Instrumentation> fromJar(Path jar, ClassLoader agent,
      Relocation relocation) {
    List<String> classes;
    try (JarFile file = new JarFile(jar.toFile())) {
      if (file.getEntry(SERVICES) == null) {
        AgentLog.error("extension " + jar + " is skipped: it lists no instrumentation in "
            + SERVICES, null);
        return List.of();
      }
      try (InputStream in = file.getInputStream(file.getEntry(SERVICES))) {
        classes = serviceLines(in);
      }
    } catch (IOException | RuntimeException e) {
      AgentLog.error("extension " + jar + " is skipped: it is not a readable jar", e);
      return List.of();
    }
    URL url;
    try {
      url = jar.toUri().toURL();
    } catch (IOException e) {
      AgentLog.error("extension " + jar + " is skipped", e);
      return List.of();
    }
    ExtensionLoader loader = new ExtensionLoader(url, agent, relocation);
    return instantiate(classes, loader, "extension " + jar);
  }

  private static List<Instrumentation> instantiate(List<String> classes, ClassLoader loader,
      String origin) {
    List<Instrumentation> out = new ArrayList<>();
    for (String name : classes) {
      try {
        Class<?> c = Class.forName(name, true, loader);
        out.add(c.asSubclass(Instrumentation.class).getConstructor().newInstance());
      } catch (Throwable t) {
        AgentLog.error("instrumentation " + name + " of " + origin
            + " is skipped: it could not be loaded", t);
      }
    }
    return out;
  }

  /** The built-ins: the services file of the agent's own jar (or class directory, in tests). */
  private static List<String> ownServices() {
    try {
      Path home = Paths.get(Discovery.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      if (Files.isDirectory(home)) {
        try (InputStream in = Files.newInputStream(home.resolve(SERVICES))) {
          return serviceLines(in);
        }
      }
      try (JarFile jar = new JarFile(home.toFile());
          InputStream in = jar.getInputStream(jar.getEntry(SERVICES))) {
        return serviceLines(in);
      }
    } catch (Exception e) {
      AgentLog.error("the agent's own instrumentations could not be listed", e);
      return List.of();
    }
  }

  /** The jars an {@code sli.extensions} value names: files as given, directories' *.jar sorted. */
  static List<Path> jars(String setting) {
    List<Path> jars = new ArrayList<>();
    for (String entry : setting.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Paths.get(entry.trim());
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.list(path)) {
          jars.addAll(files.filter(p -> p.getFileName().toString().endsWith(".jar"))
              .sorted().collect(Collectors.toList()));
        } catch (IOException e) {
          AgentLog.error("extension directory " + path + " is skipped: cannot list it", e);
        }
      } else if (Files.exists(path)) {
        jars.add(path);
      } else {
        AgentLog.error("extension " + path + " is skipped: no such file or directory"
            + " (sli.extensions)", null);
      }
    }
    return jars;
  }

  private static List<String> serviceLines(InputStream in) throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
      int comment = line.indexOf('#');
      String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
      if (!name.isEmpty() && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** Where ByteBuddy lives in this agent: relocated in its jar, as it is in the tests. */
  private static String byteBuddyPackage() {
    String opcodes = net.bytebuddy.jar.asm.Opcodes.class.getName();
    return opcodes.substring(0, opcodes.length() - ".jar.asm.Opcodes".length());
  }
}
