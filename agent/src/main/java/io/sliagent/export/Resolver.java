package io.sliagent.export;

import io.sliagent.bootstrap.AgentThreads;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Looks the collector's name up before each export, within the export's deadline. A DNS lookup
 * is the one step of a call that OkHttp's call timeout cannot cut short (the resolver blocks in
 * native code); done here first, on a thread of its own, the sender then finds the answer in the
 * JVM's address cache, and a resolver that hangs costs one skipped export, not the schedule.
 */
final class Resolver {

  /** How a name is looked up; the JVM's resolver, or a test's. */
  interface Lookup {
    void lookup(String host) throws UnknownHostException;
  }

  private final String host;
  private final Lookup lookup;
  private ExecutorService thread;
  /** A lookup still under way: the next export waits on it rather than start another. */
  private Future<?> pending;

  Resolver(String endpoint, Lookup lookup) {
    String h = URI.create(endpoint).getHost();
    this.host = h == null || SniSslContext.Factory.isIpLiteral(h) ? null : h;
    this.lookup = lookup;
  }

  static Resolver of(String endpoint) {
    return new Resolver(endpoint, InetAddress::getAllByName);
  }

  /**
   * False when the name is not resolved within {@code timeoutMillis}; true when it is, or when
   * the lookup failed (the sender then fails at once, and says why).
   */
  synchronized boolean resolvedWithin(long timeoutMillis) {
    if (host == null) {
      return true;
    }
    if (pending == null) {
      if (thread == null) {
        thread = Executors.newSingleThreadExecutor(new AgentThreads("sli-agent-dns"));
      }
      pending = thread.submit(() -> {
        lookup.lookup(host);
        return null;
      });
    }
    try {
      pending.get(timeoutMillis, TimeUnit.MILLISECONDS);
      pending = null;
      return true;
    } catch (ExecutionException failed) {
      pending = null;
      return true;
    } catch (TimeoutException stillLooking) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  String host() {
    return host;
  }

  synchronized void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
