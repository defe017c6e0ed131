package io.sliagent.instrumentation.executor;

/**
 * The name a pool is known by ({@code executor.name}): the prefix its threads' names share
 * ({@code report-1}, {@code report-2} make {@code report}) when the application named them, else
 * the class that made the pool; {@code commonPool} for the common pool.
 */
final class ExecutorNames {

  static final String COMMON_POOL = "commonPool";

  private ExecutorNames() {}

  /**
   * The thread name without its counter: trailing digits, then the separators before them. Null
   * when nothing is left or the name is one the JDK's default factories give ({@code
   * pool-1-thread-2}, {@code ForkJoinPool-1-worker-3}, a plain thread's {@code Thread-7}), which
   * says nothing of the pool. A name that ends in a group in brackets keeps it, its counter taken
   * from before it ({@code Thread-3 (activemq-netty-threads)}, as Artemis names its threads,
   * makes {@code Thread (activemq-netty-threads)}).
   */
  static String prefix(String threadName) {
    if (threadName == null) {
      return null;
    }
    if (threadName.startsWith("ForkJoinPool.commonPool-worker")) {
      return COMMON_POOL;
    }
    int open = threadName.lastIndexOf(" (");
    if (open > 0 && threadName.endsWith(")")) {
      String group = threadName.substring(open);
      String head = counterless(threadName.substring(0, open));
      return head == null ? group.substring(1) : head + group;
    }
    String prefix = counterless(threadName);
    return prefix == null || prefix.equals("Thread") ? null : prefix;
  }

  /** {@code threadName} without its trailing counter, or null for a JDK default or nothing. */
  private static String counterless(String threadName) {
    int end = threadName.length();
    while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
      end--;
    }
    while (end > 0 && isSeparator(threadName.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return null;
    }
    String prefix = threadName.substring(0, end);
    return isJdkDefault(prefix) ? null : prefix;
  }

  private static boolean isSeparator(char c) {
    return c == '-' || c == '_' || c == '.' || c == ' ' || c == '#' || c == ':';
  }

  /** {@code pool-N-thread} and {@code ForkJoinPool-N-worker}: numbered, not named. */
  private static boolean isJdkDefault(String prefix) {
    return numbered(prefix, "pool-", "-thread") || numbered(prefix, "ForkJoinPool-", "-worker");
  }

  private static boolean numbered(String s, String start, String end) {
    if (!s.startsWith(start) || !s.endsWith(end) || s.length() <= start.length() + end.length()) {
      return false;
    }
    for (int i = start.length(); i < s.length() - end.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  /**
   * The class that made a pool: the first frame of the constructing stack that is not the
   * agent's (its jar's, or the bootstrap bridge's), not the JDK's, and not of the frameworks
   * that make pools for the application (Spring's executor beans); or null.
   */
  static String creator() {
    // The agent's classes share their jar's domain; they may share the application's loader.
    java.security.ProtectionDomain agent = ExecutorNames.class.getProtectionDomain();
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    return WALKER.walk(frames -> frames
        .filter(f -> {
          Class<?> k = f.getDeclaringClass();
          ClassLoader l = k.getClassLoader();
          String c = f.getClassName();
          return l != null && l != platform && k.getProtectionDomain() != agent
              && !c.startsWith("org.springframework.scheduling.")
              && !c.startsWith("org.springframework.core.task.");
        })
        .map(StackWalker.StackFrame::getClassName)
        .findFirst()
        .orElse(null));
  }
}
