package io.sliagent.instrumentation.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StampTableTest {

  @Test
  void everyTaskGetsItsOwnStampBackOnce() {
    StampTable table = new StampTable();
    List<Object> tasks = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Object task = new Object();
      tasks.add(task);
      table.put(task, 1000 + i);
    }
    assertEquals(10_000, table.size());
    // Taken out of order, so deletions shift entries of every probe run.
    for (int i = tasks.size() - 1; i >= 0; i -= 2) {
      assertEquals(1000 + i, table.take(tasks.get(i)), "task " + i);
    }
    for (int i = 0; i < tasks.size(); i += 2) {
      assertEquals(1000 + i, table.take(tasks.get(i)), "task " + i);
    }
    assertEquals(0, table.size());
    assertEquals(0, table.take(tasks.get(0)), "taken once");
  }

  @Test
  void aSweepForgetsOnlyOldTasksThatLeftTheQueue() {
    StampTable table = new StampTable();
    Object queued = new Object();
    Object dropped = new Object();
    Object recent = new Object();
    table.put(queued, 10);
    table.put(dropped, 20);
    table.put(recent, 500);
    table.sweep(List.of(queued), 100);
    assertEquals(10, table.take(queued));
    assertEquals(0, table.take(dropped), "left the queue without running");
    assertEquals(500, table.take(recent), "submitted after the sweep began: maybe in flight");
  }

  @Test
  void oneTaskQueuedSeveralTimesGetsItsStampsOldestFirst() {
    StampTable table = new StampTable();
    Runnable same = () -> { };
    Object other = new Object();
    table.put(same, 1);
    table.put(other, 7);
    table.put(same, 2);
    table.put(same, 3);
    assertEquals(4, table.size());
    assertEquals(1, table.take(same));
    assertEquals(2, table.take(same));
    assertEquals(7, table.take(other));
    assertEquals(3, table.take(same));
    assertEquals(0, table.take(same));
    assertEquals(0, table.size());
  }

  @Test
  void aSweepKeepsTheNewestStampsOfATaskStillQueued() {
    StampTable table = new StampTable();
    Object task = new Object();
    table.put(task, 10); // dropped from the queue
    table.put(task, 20); // still queued
    table.sweep(List.of(task), 100);
    assertEquals(20, table.take(task));
    assertEquals(0, table.take(task));
  }
}
