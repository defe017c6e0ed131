package io.sliagent.bootstrap;

/**
 * A field the agent adds to classes it instruments as they load (JDBC statements and
 * connections), so per-object state is one field read instead of a map lookup. Classes that were
 * already loaded cannot gain fields; the agent falls back to a weak map for those.
 */
public interface Slot {

  Object sli$get();

  void sli$set(Object value);

  /**
   * A second, primitive field: a time stamp kept without boxing it. Unlike the first it is not
   * volatile (a volatile write costs a fence, and a thread pool writes it for every task): write
   * it before the library hands the object to another thread, or read it on the thread that
   * wrote it.
   */
  long sli$getLong();

  void sli$setLong(long value);
}
