package io.sliagent.endpoint;

import io.sliagent.api.CallHandler;

/**
 * A client's own retries inside a call, for clients that make each attempt on the call's thread
 * through one method (Apache HttpClient's exec chain): an attempt that follows a failed one (an
 * exception, a 408, 429 or 5xx) is a retry; one that follows a redirect or a challenge is not.
 * Advice reports each attempt's start ({@code Bridge.event} with an argument) and end (without
 * one; the status code as the result, or null if it threw) to {@link #attempt}; the call's
 * handler, {@link #call}, takes the count.
 */
public final class HttpAttempts {

  /** Per thread: attempts so far in the current call, retries among them, last one failed. */
  private final ThreadLocal<int[]> state = new ThreadLocal<int[]>() {
    @Override
    protected int[] initialValue() {
      return new int[3];
    }
  };

  /** The attempt's start (an argument) and end (none; the status, or null if it threw). */
  public CallHandler attempt() {
    return CallHandler.ofEvents((target, argument, result) -> {
      int[] s = state.get();
      if (argument != null) {
        if (s[0] > 0 && s[2] != 0) {
          s[1]++;
        }
        s[0]++;
      } else {
        int code = result instanceof Integer ? (Integer) result : 0;
        s[2] = code == 0 || code == 408 || code == 429 || code >= 500 ? 1 : 0;
      }
    });
  }

  /** The call's handler, as {@link HttpEndpoints#urlHandler}, with the retries made inside it. */
  public CallHandler call(HttpEndpoints endpoints) {
    return new CallHandler() {
      @Override
      public void onExit(Object target, Object argument, Object result, Throwable thrown,
          long startNanos, long endNanos) {
        int[] s = state.get();
        int retries = s[1];
        s[0] = 0;
        s[1] = 0;
        s[2] = 0;
        endpoints.recordUrl(target, argument, result, thrown, endNanos - startNanos, retries);
      }
    };
  }
}
