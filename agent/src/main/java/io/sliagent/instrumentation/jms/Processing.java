package io.sliagent.instrumentation.jms;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Endpoint;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import java.util.concurrent.TimeUnit;

/**
 * Messages processed, per destination. A listener's message is processed during {@code
 * onMessage}. A received message's processing starts when {@code receive} returns it and ends at
 * the thread's next {@code receive} (its loop came round), or at its session's {@code commit}, or
 * fails at {@code rollback} or {@code recover} ({@code error.type} {@code rollback}, {@code
 * recover}); the thread is the unit, as a receive loop runs on one. A listener called for a
 * message the same thread received (a container's receive loop calling the application's
 * listener) is measured as the listener's call, once, its age as the receive returned it.
 */
final class Processing {

  static final String SYSTEM = "jms";

  private final Recorder recorder;
  private final ThreadLocal<Received> received = ThreadLocal.withInitial(Received::new);

  Processing(Recorder recorder) {
    this.recorder = recorder;
  }

  /** The message this thread received and is processing. */
  private static final class Received {
    int depth;
    Endpoint endpoint;
    long startNanos;
  }

  /** {@code onMessage}: destination name and send time, in milliseconds (0: none). */
  CallHandler listener() {
    return new CallHandler() {
      @Override
      public void onExit(Object destination, Object sentMillis, Object message, Throwable thrown,
          long startNanos, long endNanos) {
        if (message == null) {
          return;
        }
        Received r = received.get();
        Endpoint endpoint = endpoint((String) destination);
        long nanos = endNanos - startNanos;
        if (r.endpoint != endpoint) { // else its receive recorded the age as it returned it
          age(endpoint, (Long) sentMillis,
              System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(nanos));
        }
        r.endpoint = null; // its receive's processing is this call
        endpoint.record(nanos, 0, thrown == null ? null : thrown.getClass().getName());
      }
    };
  }

  /**
   * {@code receive*}: entered (no result), or returned with a message (its destination and send
   * time) or none. Receives that nest (a provider's delegating to its own) count once.
   */
  CallHandler receive() {
    return CallHandler.ofEvents((destination, sentMillis, returned) -> {
      Received r = received.get();
      if (returned == null) {
        if (r.depth++ == 0) {
          end(r, null);
        }
        return;
      }
      if (r.depth > 0 && --r.depth == 0 && (Boolean) returned) {
        Endpoint endpoint = endpoint((String) destination);
        r.startNanos = System.nanoTime();
        r.endpoint = endpoint;
        age(endpoint, (Long) sentMillis, System.currentTimeMillis());
      }
    });
  }

  /** A session's {@code commit}, {@code rollback} or {@code recover}. */
  CallHandler session() {
    return CallHandler.ofEvents((target, method, unused) ->
        end(received.get(), "commit".equals(method) ? null : (String) method));
  }

  private void end(Received r, String error) {
    Endpoint endpoint = r.endpoint;
    if (endpoint != null) {
      r.endpoint = null;
      endpoint.record(System.nanoTime() - r.startNanos, 0, error);
    }
  }

  private static void age(Endpoint endpoint, Long sentMillis, long startMillis) {
    if (sentMillis != null && sentMillis > 0) {
      endpoint.recordMeasure(Signal.MESSAGE_AGE,
          TimeUnit.MILLISECONDS.toNanos(Math.max(0, startMillis - sentMillis)));
    }
  }

  private Endpoint endpoint(String destination) {
    return recorder.endpoint(new Destination(destination == null ? "" : destination),
        Processing::attributes);
  }

  private static EndpointAttributes attributes(Destination d) {
    return EndpointAttributes.builder()
        .put("messaging.system", SYSTEM)
        .put("messaging.destination.name", d.name)
        .build();
  }

  /** The endpoint's key: JMS's, never equal to another system's of the same name. */
  static final class Destination {
    final String name;

    Destination(String name) {
      this.name = name;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Destination && ((Destination) o).name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }
  }
}
