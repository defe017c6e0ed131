package io.sliagent.instrumentation;

/**
 * The numbers advice passes to the bridge to say which kind of call it saw. They are compile-time
 * constants, so javac pastes them into the advice and the advice references no agent class.
 * Kinds of one {@link #group} share a nesting depth: a wrapper's call and the call it delegates
 * to are measured once.
 */
public final class Kinds {

  public static final int HTTP_CLIENT_SEND = 1;
  public static final int HTTP_CLIENT_SEND_ASYNC = 2;
  public static final int URL_CONNECTION_START = 3;
  public static final int URL_CONNECTION_RESPONSE = 4;
  public static final int JDBC_PREPARE = 5;
  public static final int JDBC_EXECUTE = 6;
  public static final int JDBC_EXECUTE_BATCH = 7;
  public static final int JDBC_CONNECT = 8;

  /** One more than the largest kind. */
  public static final int COUNT = 9;

  public static final int GROUP_HTTP_CLIENT = 0;
  public static final int GROUP_URL_CONNECTION = 1;
  public static final int GROUP_JDBC = 2;
  public static final int GROUPS = 3;

  private Kinds() {}

  /** The group of each kind, by kind. */
  static final int[] GROUP_OF = new int[COUNT];

  static {
    for (int kind = 0; kind < COUNT; kind++) {
      GROUP_OF[kind] = group(kind);
    }
  }

  private static int group(int kind) {
    switch (kind) {
      case HTTP_CLIENT_SEND:
      case HTTP_CLIENT_SEND_ASYNC:
        return GROUP_HTTP_CLIENT;
      case URL_CONNECTION_START:
      case URL_CONNECTION_RESPONSE:
        return GROUP_URL_CONNECTION;
      default:
        return GROUP_JDBC;
    }
  }
}
