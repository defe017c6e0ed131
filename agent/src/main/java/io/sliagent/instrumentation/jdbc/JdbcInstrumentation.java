package io.sliagent.instrumentation.jdbc;


import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.sliagent.instrumentation.CallHandler;
import io.sliagent.instrumentation.Instrumentation;
import io.sliagent.instrumentation.Kinds;
import io.sliagent.instrumentation.Target;
import io.sliagent.instrumentation.TypeMatchers;
import io.sliagent.recording.Recording;
import io.sliagent.recording.SignalKind;
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

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public boolean mayChange(String internalName) {
    // The name tests that start every matcher below, on the internal name.
    return (internalName.contains("Connection") || internalName.contains("Statement")
            || internalName.contains("Stmt") || internalName.contains("Driver"))
        && !(internalName.startsWith("java/") || internalName.startsWith("javax/")
            || internalName.startsWith("jdk/") || internalName.startsWith("sun/")
            || internalName.startsWith("com/sun/"));
  }

  @Override
  public List<Target> targets() {
    // Name pre-filters keep start-up cheap: resolving every class's hierarchy is the cost.
    Target connections = Target.types(nameContains("Connection")
            .and(not(isInterface())).and(notJdk())
            .and(TypeMatchers.isSubTypeOf("java.sql.Connection")))
        .advice(named("prepareStatement").or(named("prepareCall"))
                .and(takesArgument(0, String.class)).and(isPublic()).and(not(isAbstract())),
            PrepareAdvice.class.getName())
        .withSlot();
    Target statements = Target.types(nameContains("Statement").or(nameContains("Stmt"))
            .and(not(isInterface())).and(notJdk())
            .and(TypeMatchers.isSubTypeOf("java.sql.Statement")))
        .advice(named("execute").or(named("executeQuery")).or(named("executeUpdate"))
                .or(named("executeLargeUpdate"))
                .and(takesArgument(0, String.class)).and(isPublic()).and(not(isAbstract())),
            ExecuteSqlAdvice.class.getName())
        .advice(named("execute").or(named("executeQuery")).or(named("executeUpdate"))
                .or(named("executeLargeUpdate"))
                .and(takesArguments(0)).and(isPublic()).and(not(isAbstract())),
            ExecutePreparedAdvice.class.getName())
        .advice(named("executeBatch").or(named("executeLargeBatch"))
                .and(takesArguments(0)).and(isPublic()).and(not(isAbstract())),
            ExecuteBatchAdvice.class.getName())
        .withSlot();
    Target drivers = Target.types(nameContains("Driver")
            .and(not(isInterface())).and(notJdk())
            .and(TypeMatchers.isSubTypeOf("java.sql.Driver")))
        .advice(named("connect").and(takesArguments(2)).and(takesArgument(0, String.class))
                .and(isPublic()),
            ConnectAdvice.class.getName());
    return List.of(drivers, connections, statements);
  }

  private static net.bytebuddy.matcher.ElementMatcher.Junction<
      net.bytebuddy.description.type.TypeDescription> notJdk() {
    return not(nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
        .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun.")));
  }

  @Override
  public Map<Integer, CallHandler> handlers(Recording recording) {
    JdbcHandler handler = new JdbcHandler(recording.registry(SignalKind.DB_CLIENT));
    return Map.of(Kinds.JDBC_PREPARE, handler, Kinds.JDBC_EXECUTE, handler,
        Kinds.JDBC_EXECUTE_BATCH, handler.batch(), Kinds.JDBC_CONNECT, handler.connected());
  }
}
