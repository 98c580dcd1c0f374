package io.cqrsrouting.core;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.failure.Failure;
import io.cqrsrouting.core.failure.FailureClassifier;
import io.cqrsrouting.core.failure.FailureKind;
import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.core.internal.FailureSink;
import io.cqrsrouting.core.internal.RoutedConnection;
import io.cqrsrouting.core.internal.SessionState;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * The programmatic form of {@code @Command}, {@code @Query} and {@code @Consistent}, for code that
 * cannot be annotated (lambdas, scripts, framework callbacks), and the scope primitives that the
 * Spring, jOOQ and MyBatis adapters are built on.
 *
 * <pre>{@code
 * Order order = Routing.command(() -> orders.place(cart));       // primary
 * List<Order> recent = Routing.query(() -> orders.recent(user));  // a replica
 * }</pre>
 *
 * <p>Scopes nest and are restored in {@code finally}: an exception never leaves a route behind.
 * Everything inside a primary scope stays on the primary. Context is per thread; use
 * {@link #wrap(Runnable)} (or the Spring {@code TaskDecorator}) to carry it to another thread.
 */
public final class Routing {

    private Routing() {
    }

    /**
     * A unit of work that returns a value and may throw a checked exception of one type. Lambdas
     * that throw nothing infer {@code E} as {@link RuntimeException}, so no {@code catch} is needed.
     *
     * @param <T> the result type
     * @param <E> the exception type
     */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        /**
         * @return the result
         * @throws E on failure
         */
        T run() throws E;
    }

    /**
     * Runs {@code work} as a command, on the primary.
     *
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T command(Work<T, E> work) throws E {
        return call(RoutingIntent.command(), work);
    }

    /**
     * Runs {@code work} as a query: a replica may serve it.
     *
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T query(Work<T, E> work) throws E {
        return call(RoutingIntent.query(), work);
    }

    /**
     * Runs {@code work} as a query that tolerates at most {@code maxStalenessMillis} of lag.
     *
     * @param maxStalenessMillis the bound, {@code -1} for the router default
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T query(long maxStalenessMillis, Work<T, E> work)
            throws E {
        return call(RoutingIntent.query(maxStalenessMillis), work);
    }

    /**
     * Runs {@code work} as a consistent read on the primary.
     *
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T consistent(Work<T, E> work) throws E {
        return call(RoutingIntent.consistent(), work);
    }

    /**
     * Runs {@code work} as a consistent read of the given level.
     *
     * @param level {@link Consistent.Level#PRIMARY} or {@link Consistent.Level#READ_YOUR_WRITES}
     * @param waitMillis how long a read-your-writes read may wait for a replica to catch up
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T consistent(Consistent.Level level, long waitMillis,
            Work<T, E> work) throws E {
        return call(RoutingIntent.consistent(level, waitMillis), work);
    }

    /**
     * Runs {@code work} inside a scope of the given intent.
     *
     * @param intent the intent
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T call(RoutingIntent intent, Work<T, E> work) throws E {
        int mark = enter(intent);
        try {
            return work.run();
        } catch (RuntimeException e) {
            WritesUnavailableException translated = reportFailure(e, intent);
            throw translated != null ? translated : e;
        } catch (Exception e) {
            WritesUnavailableException translated = reportFailure(e, intent);
            if (translated != null) {
                throw translated;
            }
            throw e;
        } finally {
            exit(mark);
        }
    }

    /**
     * Tells the router about a failure seen at method level, so it reacts before its monitor's
     * next probe: a lost connection evicts the endpoint's pooled connections and re-probes it; a
     * write rejected as read-only by the primary puts the router in writes-unavailable mode at
     * once. Adapters call it from their interceptors; {@link #call} does it itself.
     *
     * @param failure what the work threw
     * @param intent the intent of the failed scope, or {@code null}
     * @return a {@link WritesUnavailableException} to throw instead, when a command was rejected
     *     because the primary is read-only; otherwise {@code null} (rethrow the original)
     */
    public static WritesUnavailableException reportFailure(Throwable failure,
            RoutingIntent intent) {
        if (failure instanceof WritesUnavailableException) {
            return null;
        }
        Failure f = FailureClassifier.classify(failure);
        if (f.kind() != FailureKind.CONNECTION_LOST && f.kind() != FailureKind.READ_ONLY) {
            return null;
        }
        Endpoint endpoint = RoutingContext.current().lastEndpoint();
        FailureSink sink = endpoint == null ? null : endpoint.sink();
        if (sink == null || !sink.failed(endpoint, f)) {
            return null;
        }
        if (intent == null || intent.kind() != RoutingIntent.Kind.COMMAND) {
            return null;
        }
        // "Nothing applied" holds only if no earlier statement of the scope committed on its own.
        String applied = RoutingContext.current().committedInScope()
                ? "statements of this call that committed before it (autocommit, or an earlier"
                        + " transaction) stay applied"
                : "nothing was applied";
        return new WritesUnavailableException("writes are unavailable: the primary "
                + endpoint.description() + " rejected a write as read-only (SQLState "
                + f.sqlState() + ", code " + f.vendorCode() + "); " + applied + "; commands"
                + " fail fast until a probe sees a writable primary", failure);
    }

    /**
     * Runs {@code work} in a fresh read-your-writes session: tokens recorded by its commands are
     * visible to its {@code @Consistent(READ_YOUR_WRITES)} reads (also on threads it hands work to
     * through {@link #wrap(Runnable)}), and forgotten when it returns.
     *
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T session(Work<T, E> work) throws E {
        try (RoutingSession ignored = openSession()) {
            return work.run();
        }
    }

    /**
     * Opens a read-your-writes session on this thread (for filters and interceptors that span a
     * request). Close it on the same thread.
     *
     * @return the session
     */
    public static RoutingSession openSession() {
        return new RoutingSession(RoutingContext.current());
    }

    /**
     * Enters a scope with no transaction bound. Pair with {@link #exit(int)} in {@code finally}.
     * Allocation-free; for adapters and interceptors.
     *
     * @param intent the intent
     * @return the mark for {@link #exit(int)}
     */
    public static int enter(RoutingIntent intent) {
        return RoutingContext.current().push(Objects.requireNonNull(intent, "intent"), null);
    }

    /**
     * Enters a scope while a transaction may already hold a connection.
     *
     * @param intent the intent
     * @param boundRoute the route of the connection bound to the current transaction, or
     *     {@code null} if none is bound
     * @return the mark for {@link #exit(int)}
     * @throws RouteConflictException if {@code intent} needs the primary and the bound connection
     *     is a replica's
     */
    public static int enter(RoutingIntent intent, Route boundRoute) {
        return RoutingContext.current().push(Objects.requireNonNull(intent, "intent"), boundRoute);
    }

    /**
     * Leaves every scope entered since {@code mark} was returned by {@link #enter}.
     *
     * @param mark the mark
     */
    public static void exit(int mark) {
        RoutingContext.current().pop(mark);
    }

    /**
     * How many commits this thread has made on primary connections handed out by any router:
     * explicit {@code commit()}s, and connections that ran statements in autocommit mode (counted
     * when they go back to the pool). A retry loop compares it before and after an attempt: if it
     * moved, the failed attempt had already applied part of its work, and a command that is not
     * idempotent must not be repeated even when its last failure applied nothing.
     *
     * @return the count, for comparison only
     */
    public static long commitCount() {
        return RoutingContext.current().commits();
    }

    /**
     * @return the route the innermost scope asks for ({@link Route#PRIMARY} also for consistent
     *     reads that may be served by a caught-up replica), or {@code null} if no scope is open
     */
    public static Route currentRoute() {
        byte d = RoutingContext.current().decision();
        if (d == RoutingContext.NONE) {
            return null;
        }
        return d == RoutingContext.REPLICA ? Route.REPLICA : Route.PRIMARY;
    }

    /** @return the intent of the innermost scope, or {@code null} if no scope is open */
    public static RoutingIntent currentIntent() {
        return RoutingContext.current().intent();
    }

    /**
     * Tells which route a connection obtained from a {@link RoutingDataSource} is on.
     *
     * @param connection a connection, possibly wrapped by a framework
     * @return its route, or {@code null} if it did not come from a routing data source
     */
    public static Route routeOf(Connection connection) {
        if (connection instanceof RoutedConnection) {
            return route((RoutedConnection) connection);
        }
        try {
            if (connection != null && connection.isWrapperFor(RoutedConnection.class)) {
                return route(connection.unwrap(RoutedConnection.class));
            }
        } catch (SQLException e) {
            return null;
        }
        return null;
    }

    /**
     * Tells whether a read that must see the caller's own writes ({@code @Consistent(READ_YOUR_WRITES)})
     * may run on a connection the caller already holds: a primary connection, or a replica
     * connection whose node the monitor last saw within the router's staleness bound and replayed
     * past the caller's consistency token. For adapters that keep a connection across statements
     * (a MyBatis session): when this says no, they take a new connection in the read's scope, and
     * the router finds a caught-up replica or the primary.
     *
     * @param connection a connection, possibly wrapped by a framework
     * @return whether it may serve the read; {@code false} if it did not come from a router
     */
    public static boolean servesReadYourWrites(Connection connection) {
        RoutedConnection routed = routed(connection);
        if (routed == null) {
            return false;
        }
        if (routed.primary()) {
            return true;
        }
        FailureSink sink = routed.endpoint().sink();
        return sink instanceof RoutingDataSource
                && ((RoutingDataSource) sink).caughtUp(routed.endpoint());
    }

    private static Route route(RoutedConnection connection) {
        return connection.primary() ? Route.PRIMARY : Route.REPLICA;
    }

    private static RoutedConnection routed(Connection connection) {
        if (connection instanceof RoutedConnection) {
            return (RoutedConnection) connection;
        }
        try {
            if (connection != null && connection.isWrapperFor(RoutedConnection.class)) {
                return connection.unwrap(RoutedConnection.class);
            }
        } catch (SQLException e) {
            return null;
        }
        return null;
    }

    /**
     * Returns a runnable that runs {@code task} with the caller's current scopes and session, on
     * whatever thread runs it, and restores that thread's own context afterwards.
     *
     * @param task the task
     * @return the wrapped task
     */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        RoutingContext.Snapshot snapshot = RoutingContext.current().snapshot();
        return () -> {
            RoutingContext ctx = RoutingContext.current();
            SessionState previous = ctx.swapSession(snapshot.session());
            int mark = snapshot.enter(ctx);
            try {
                task.run();
            } finally {
                ctx.pop(mark);
                ctx.swapSession(previous);
            }
        };
    }

    /**
     * The {@link Callable} form of {@link #wrap(Runnable)}.
     *
     * @param task the task
     * @param <T> result type
     * @return the wrapped task
     */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        RoutingContext.Snapshot snapshot = RoutingContext.current().snapshot();
        return () -> {
            RoutingContext ctx = RoutingContext.current();
            SessionState previous = ctx.swapSession(snapshot.session());
            int mark = snapshot.enter(ctx);
            try {
                return task.call();
            } finally {
                ctx.pop(mark);
                ctx.swapSession(previous);
            }
        };
    }

    /**
     * Returns an executor that carries the submitting thread's context into every task.
     *
     * @param executor the executor to delegate to
     * @return the propagating executor
     */
    public static Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }
}
