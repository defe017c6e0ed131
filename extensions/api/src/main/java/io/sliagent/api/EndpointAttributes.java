package io.sliagent.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The attributes that name an endpoint, in the order they were put, as they are exported
 * ({@code server.address=inventory}, {@code server.port=443}, ...): strings, longs or booleans.
 * Use the OpenTelemetry semantic-convention names where one exists. Made once per endpoint, never
 * per call.
 */
public final class EndpointAttributes {

  private final List<String> keys;
  private final List<Object> values;

  private EndpointAttributes(List<String> keys, List<Object> values) {
    this.keys = keys;
    this.values = values;
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** How many attributes there are. */
  public int size() {
    return keys.size();
  }

  /** The name of the {@code i}-th attribute. */
  public String key(int i) {
    return keys.get(i);
  }

  /** The value of the {@code i}-th attribute: a {@code String}, {@code Long} or {@code Boolean}. */
  public Object value(int i) {
    return values.get(i);
  }

  /** The value of {@code key}, or null. */
  public Object get(String key) {
    int i = keys.indexOf(key);
    return i < 0 ? null : values.get(i);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointAttributes && keys.equals(((EndpointAttributes) o).keys)
        && values.equals(((EndpointAttributes) o).values);
  }

  @Override
  public int hashCode() {
    return keys.hashCode() * 31 + values.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < keys.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(keys.get(i)).append('=').append(values.get(i));
    }
    return s.append('}').toString();
  }

  /** Collects attributes; a key put twice keeps its last value. */
  public static final class Builder {
    private final List<String> keys = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    private Builder() {}

    public Builder put(String key, String value) {
      return add(key, Objects.requireNonNull(value, key));
    }

    public Builder put(String key, long value) {
      return add(key, value);
    }

    public Builder put(String key, boolean value) {
      return add(key, value);
    }

    private Builder add(String key, Object value) {
      Objects.requireNonNull(key, "key");
      int i = keys.indexOf(key);
      if (i >= 0) {
        values.set(i, value);
      } else {
        keys.add(key);
        values.add(value);
      }
      return this;
    }

    public EndpointAttributes build() {
      return new EndpointAttributes(Collections.unmodifiableList(new ArrayList<>(keys)),
          Collections.unmodifiableList(new ArrayList<>(values)));
    }
  }
}
