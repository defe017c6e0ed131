package io.sliagent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where every agent setting comes from, in precedence order: agent argument
 * ({@code -javaagent:sli-agent.jar=key=value,...}) &gt; system property ({@code sli.key}) &gt;
 * environment ({@code SLI_KEY}) &gt; default. Keys are written as system properties
 * ({@code sli.max.endpoints}); an agent argument may omit the {@code sli.} prefix.
 */
public final class Settings {

  private final Map<String, String> agentArgs;
  private final Map<String, String> properties;
  private final Map<String, String> environment;

  Settings(Map<String, String> agentArgs, Map<String, String> properties,
      Map<String, String> environment) {
    this.agentArgs = agentArgs;
    this.properties = properties;
    this.environment = environment;
  }

  /** Reads the running JVM's settings; {@code agentArgs} is the text after {@code =}. */
  public static Settings fromJvm(String agentArgs) {
    Map<String, String> props = new LinkedHashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      props.put(name, System.getProperty(name));
    }
    return new Settings(parseAgentArgs(agentArgs), props, System.getenv());
  }

  /** For tests: explicit sources. */
  public static Settings of(String agentArgs, Map<String, String> properties,
      Map<String, String> environment) {
    return new Settings(parseAgentArgs(agentArgs), properties, environment);
  }

  static Map<String, String> parseAgentArgs(String args) {
    Map<String, String> out = new LinkedHashMap<>();
    if (args == null || args.isBlank()) {
      return out;
    }
    for (String part : args.split(",")) {
      String item = part.trim();
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new SettingException("agent argument '" + item
            + "' is not key=value (example: -javaagent:sli-agent.jar=config=/etc/sli.yaml)");
      }
      String key = item.substring(0, eq).trim();
      if (!key.startsWith("sli.") && !key.startsWith("otel.")) {
        key = "sli." + key;
      }
      out.put(key, item.substring(eq + 1).trim());
    }
    return out;
  }

  /** The raw value of {@code key} (a property-style name), or null. */
  public String get(String key) {
    String v = agentArgs.get(key);
    if (v == null) {
      v = properties.get(key);
    }
    if (v == null) {
      v = environment.get(envName(key));
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** Where {@link #get} found {@code key}: for error messages that name the setting. */
  public String sourceOf(String key) {
    if (agentArgs.containsKey(key)) {
      return "agent argument " + key.substring(key.startsWith("sli.") ? 4 : 0);
    }
    if (properties.containsKey(key)) {
      return "system property " + key;
    }
    return "environment variable " + envName(key);
  }

  public String get(String key, String defaultValue) {
    String v = get(key);
    return v == null ? defaultValue : v;
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    String v = get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new SettingException(sourceOf(key) + "=" + v + ": expected true or false");
  }

  public int getInt(String key, int defaultValue, int min, int max) {
    String v = get(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new SettingException(sourceOf(key) + "=" + v + ": expected a whole number from "
            + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new SettingException(sourceOf(key) + "=" + v + ": expected a whole number from "
          + min + " to " + max);
    }
  }

  /** A duration such as {@code 2s}, {@code 500ms}, {@code 1m}; a bare number is milliseconds. */
  public long getMillis(String key, long defaultMillis) {
    String v = get(key);
    if (v == null) {
      return defaultMillis;
    }
    try {
      return Durations.parseMillis(v);
    } catch (IllegalArgumentException e) {
      throw new SettingException(sourceOf(key) + "=" + v + ": " + e.getMessage());
    }
  }

  public Map<String, String> environment() {
    return Collections.unmodifiableMap(environment);
  }

  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
