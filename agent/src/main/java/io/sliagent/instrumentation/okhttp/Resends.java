package io.sliagent.instrumentation.okhttp;

import io.sliagent.api.CallHandler;
import io.sliagent.endpoint.HttpEndpoints;

/**
 * OkHttp's own retries inside a call: its retry-and-follow-up loop runs on the thread of the
 * call's interceptor chain, so they are counted per thread and taken by the chain's end. Only a
 * send after a failed attempt counts: a recovered connection failure, or a follow-up of a 408, 429
 * or 5xx; redirects and authentication challenges are follow-ups, not retries.
 */
final class Resends {

  private final ThreadLocal<int[]> count = new ThreadLocal<int[]>() {
    @Override
    protected int[] initialValue() {
      return new int[1];
    }
  };

  /** The handler of the two retry decisions' events. */
  CallHandler decisions() {
    return CallHandler.ofEvents((target, argument, result) -> count.get()[0]++);
  }

  /** The chain's handler: the call, with the retries made inside it. */
  CallHandler chain(HttpEndpoints endpoints) {
    return new CallHandler() {
      @Override
      public void onExit(Object target, Object argument, Object result, Throwable thrown,
          long startNanos, long endNanos) {
        int[] c = count.get();
        int retries = c[0];
        c[0] = 0;
        endpoints.recordUrl(target, argument, result, thrown, endNanos - startNanos, retries);
      }
    };
  }
}
