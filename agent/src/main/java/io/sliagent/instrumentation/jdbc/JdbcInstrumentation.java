package io.sliagent.instrumentation.jdbc;

import static io.sliagent.api.Matchers.isAbstract;
import static io.sliagent.api.Matchers.isInterface;
import static io.sliagent.api.Matchers.isPublic;
import static io.sliagent.api.Matchers.nameContains;
import static io.sliagent.api.Matchers.named;
import static io.sliagent.api.Matchers.nameStartsWith;
import static io.sliagent.api.Matchers.not;
import static io.sliagent.api.Matchers.takesArgument;
import static io.sliagent.api.Matchers.takesArguments;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Instrumentation;
import io.sliagent.api.Matcher;
import io.sliagent.api.Matchers;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Target;
import io.sliagent.api.TypeInfo;
import java.util.List;
import java.util.Map;

/**
 * JDBC, for any driver and any pool that wraps one: {@code execute*} and {@code executeBatch} of
 * {@code Statement}, {@code PreparedStatement} and {@code CallableStatement}. The SQL of a
 * prepared statement is read once, when {@code Connection.prepareStatement/prepareCall} returns,
 * and kept in a field added to the statement class; a wrapper and the driver statement it
 * delegates to are measured once. The database is named from the URL given to
 * {@code Driver.connect}, or else from the connection's metadata.
 */
public final class JdbcInstrumentation implements Instrumentation {

  /** Advice by name: a class literal would load each class, which the agent only reads. */
  private static final String ADVICE =
      JdbcInstrumentation.class.getPackageName() + ".";

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public Signal signal() {
    return Signal.DB_CLIENT;
  }

  @Override
  public boolean mayChange(String internalName) {
    // The name tests that start every matcher below, on the internal name. URL connections
    // (Spring Boot's launcher loads its JarUrlConnection first thing) are never JDBC: passing
    // them would make them wait for the agent's start-up for nothing.
    return (internalName.contains("Connection") || internalName.contains("Statement")
            || internalName.contains("Stmt") || internalName.contains("Driver"))
        && !(internalName.startsWith("java/") || internalName.startsWith("javax/")
            || internalName.startsWith("jdk/") || internalName.startsWith("sun/")
            || internalName.startsWith("com/sun/") || internalName.contains("UrlConnection")
            || internalName.contains("URLConnection"));
  }

  /** Types by their binary names, as the matchers take them. */
  private static final String STRING = "java.lang.String";

  @Override
  public List<Target> targets() {
    // Name pre-filters keep start-up cheap: resolving every class's hierarchy is the cost.
    Target connections = Target.types(nameContains("Connection")
            .and(not(isInterface())).and(notJdkNorUrlConnection())
            .and(Matchers.isSubTypeOf("java.sql.Connection")))
        .advice(named("prepareStatement").or(named("prepareCall"))
                .and(takesArgument(0, named(STRING))).and(isPublic()).and(not(isAbstract())),
            ADVICE + "PrepareAdvice", "prepare")
        .withSlot();
    Target statements = Target.types(nameContains("Statement").or(nameContains("Stmt"))
            .and(not(isInterface())).and(notJdkNorUrlConnection())
            .and(Matchers.isSubTypeOf("java.sql.Statement")))
        .advice(named("execute").or(named("executeQuery")).or(named("executeUpdate"))
                .or(named("executeLargeUpdate"))
                .and(takesArgument(0, named(STRING))).and(isPublic()).and(not(isAbstract())),
            ADVICE + "ExecuteSqlAdvice", "execute")
        .advice(named("execute").or(named("executeQuery")).or(named("executeUpdate"))
                .or(named("executeLargeUpdate"))
                .and(takesArguments(0)).and(isPublic()).and(not(isAbstract())),
            ADVICE + "ExecutePreparedAdvice", "execute")
        .advice(named("executeBatch").or(named("executeLargeBatch"))
                .and(takesArguments(0)).and(isPublic()).and(not(isAbstract())),
            ADVICE + "ExecuteBatchAdvice", "executeBatch")
        .withSlot();
    Target drivers = Target.types(nameContains("Driver")
            .and(not(isInterface())).and(notJdkNorUrlConnection())
            .and(Matchers.isSubTypeOf("java.sql.Driver")))
        .advice(named("connect").and(takesArguments(2)).and(takesArgument(0, named(STRING)))
                .and(isPublic()),
            ADVICE + "ConnectAdvice", "connect");
    return List.of(drivers, connections, statements);
  }

  private static Matcher<TypeInfo> notJdkNorUrlConnection() {
    return not(nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
        .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun."))
        .or(nameContains("UrlConnection")).or(nameContains("URLConnection")));
  }

  @Override
  public Map<String, CallHandler> handlers(Recorder recorder) {
    JdbcHandler handler = new JdbcHandler(recorder);
    return Map.of("prepare", handler, "execute", handler, "executeBatch", handler.batch(),
        "connect", handler.connected());
  }
}
