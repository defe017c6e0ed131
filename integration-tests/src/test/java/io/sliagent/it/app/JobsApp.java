package io.sliagent.it.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * An application with jobs, printing how many runs each made and how many failed (never
 * timings): {@link NightlyEtl#run} 4 times, the third failing; {@link Reports}' {@code daily} and
 * {@code weekly} twice each; and a Spring {@code @Scheduled} method ({@link Ticks#tick}), every
 * third run failing, until it has run at least 6 times; a Quartz job ({@link Cleanup}) 4 times,
 * the second run failing.
 */
public final class JobsApp {

  public static void main(String[] args) throws Exception {
    List<String> out = new ArrayList<>();
    NightlyEtl etl = new NightlyEtl();
    int failed = 0;
    for (int i = 1; i <= 4; i++) {
      try {
        etl.run(i);
      } catch (IllegalStateException e) {
        failed++;
      }
    }
    out.add("etl runs 4 failed " + failed);
    Reports reports = new Reports();
    for (int i = 0; i < 2; i++) {
      reports.daily();
      reports.weekly();
    }
    out.add("reports 4");

    try (AnnotationConfigApplicationContext spring =
        new AnnotationConfigApplicationContext(Schedule.class)) {
      while (Ticks.RUNS.get() < 6) {
        Thread.sleep(10);
      }
    }
    Thread.sleep(200); // a run the closing scheduler let finish
    out.add("ticks " + Ticks.RUNS.get() + " failed " + Ticks.FAILED.get());
    out.add("quartz " + QuartzJobs.run());
    System.out.println("jobs " + out);
  }

  /** A job named in the objectives file by its class and method. */
  public static final class NightlyEtl {
    public void run(int night) throws InterruptedException {
      Thread.sleep(20);
      if (night == 3) {
        throw new IllegalStateException("the third night fails");
      }
    }
  }

  /** Jobs named by one pattern, {@code Reports#*ly}. */
  public static final class Reports {
    public void daily() {}

    public void weekly() {}
  }

  @Configuration
  @EnableScheduling
  public static class Schedule {
    @Bean
    public Ticks ticks() {
      return new Ticks();
    }
  }

  /** A Spring job, every third run failing; it runs at least 6 times, until the context closes. */
  public static class Ticks {
    static final AtomicInteger RUNS = new AtomicInteger();
    static final AtomicInteger FAILED = new AtomicInteger();

    @Scheduled(fixedDelay = 10)
    public void tick() {
      int n = RUNS.incrementAndGet();
      if (n % 3 == 0) {
        FAILED.incrementAndGet();
        throw new IllegalStateException("every third tick fails");
      }
    }
  }

  /** A Quartz job: 4 runs, the second throwing. */
  public static final class Cleanup implements Job {
    static final AtomicInteger RUNS = new AtomicInteger();
    static final CountDownLatch FOUR = new CountDownLatch(4);

    @Override
    public void execute(JobExecutionContext context) {
      try {
        if (RUNS.incrementAndGet() == 2) {
          throw new IllegalArgumentException("the second cleanup fails");
        }
      } finally {
        FOUR.countDown();
      }
    }
  }

  static final class QuartzJobs {
    static String run() throws Exception {
      Properties p = new Properties();
      p.setProperty("org.quartz.scheduler.instanceName", "jobs-app");
      p.setProperty("org.quartz.threadPool.threadCount", "1");
      p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
      Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
      scheduler.scheduleJob(JobBuilder.newJob(Cleanup.class).withIdentity("cleanup").build(),
          TriggerBuilder.newTrigger().startNow().withSchedule(SimpleScheduleBuilder
              .simpleSchedule().withIntervalInMilliseconds(20).withRepeatCount(3)).build());
      scheduler.start();
      Cleanup.FOUR.await();
      scheduler.shutdown(true);
      return "runs " + Cleanup.RUNS.get();
    }
  }
}
