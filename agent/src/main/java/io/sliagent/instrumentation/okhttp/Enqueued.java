package io.sliagent.instrumentation.okhttp;

import io.sliagent.api.CallHandler;
import io.sliagent.bootstrap.Slot;

/**
 * Notes when a call was enqueued, in its slot, for {@link ChainAdvice} to time it from. A call
 * that cannot have a slot (its class loaded before the agent) is timed from its chain's start.
 */
final class Enqueued implements CallHandler {

  @Override
  public void onExit(Object target, Object argument, Object result, Throwable thrown,
      long startNanos, long endNanos) {} // enqueue is an event, never a measured call

  @Override
  public void onEvent(Object target, Object argument, Object result) {
    // A call runs once; enqueueing it again throws, and must not move the first one's start.
    if (target instanceof Slot && ((Slot) target).sli$get() == null) {
      ((Slot) target).sli$set(Long.valueOf(System.nanoTime()));
    }
  }
}
