package io.sliagent.instrumentation.kafka;

/**
 * What a listener container, which calls the application for each record, knows and the consumer
 * cannot: the application's processing of the record threw. A consumer's state in its slot is
 * one; an instrumentation of such a container (Spring Kafka's) finds it there, so a record is
 * counted in one place only, here.
 */
public interface RecordProcessing {

  /**
   * The processing of {@code record} threw an exception of class {@code errorType}: if it is the
   * record being processed, it ends failed. Until {@link #resume()}, records the consumer's
   * records hand out are not processed (an error handler takes them back, to seek to them or to
   * hand them on) and are not counted.
   */
  void failed(Object record, String errorType);

  /**
   * Records handed out from now on until {@link #resume()} go to a batch listener, all at once:
   * their age is taken as they are handed out; their processing is each {@link #batchAttempt}.
   */
  void batch();

  /**
   * A batch listener was called on {@code records} records of {@code topic} and returned, or
   * threw an exception of class {@code errorType}: one processing of each, {@code nanos} long.
   */
  void batchAttempt(String topic, int records, long nanos, String errorType);

  /**
   * The error handler, or the batch, is done: records handed out from now on are processed one
   * at a time again.
   */
  void resume();
}
