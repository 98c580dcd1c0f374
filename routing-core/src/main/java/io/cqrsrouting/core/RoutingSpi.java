package io.cqrsrouting.core;

import io.cqrsrouting.core.failure.Failure;
import io.cqrsrouting.core.failure.FailureClassifier;
import io.cqrsrouting.core.failure.FailureKind;
import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.core.internal.FailureSink;
import io.cqrsrouting.core.internal.RoutedConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The service-provider interface of the router: what framework adapters (the Spring interceptor,
 * the jOOQ connection provider, the MyBatis plugin, a sharding layer) call around the work they
 * route. Applications use {@link Routing} and the annotations instead.
 *
 * <p><b>Contract.</b> Every {@link #enter} is paired with an {@link #exit} of the mark it
 * returned, in {@code finally}, on the same thread:
 * <pre>{@code
 * int mark = RoutingSpi.enter(intent, RoutingSpi.routeOf(boundConnection));
 * try {
 *     return invocation.proceed();
 * } catch (Throwable t) {
 *     WritesUnavailableException w = RoutingSpi.reportFailure(t, intent);
 *     throw w != null ? w : t;
 * } finally {
 *     RoutingSpi.exit(mark);
 * }
 * }</pre>
 * Scopes are per thread. Entering and leaving allocate nothing, take no lock and log nothing, so
 * adapters may call them on every statement. Intents are resolved once per method (see
 * {@link IntentResolver}) and reused.
 *
 * <p>Connections handed out by a {@link RoutingDataSource} stay on the route they were opened on;
 * {@link #routeOf(Connection)} tells it, through framework wrappers, so an adapter can pass a
 * transaction's bound route to {@link #enter(RoutingIntent, Route)}.
 */
public final class RoutingSpi {

    private RoutingSpi() {
    }

    /**
     * Enters a scope with no transaction bound. Pair with {@link #exit(int)} in {@code finally}.
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
     * The calling thread's scope stack, for an adapter that enters a scope and leaves it around one
     * call: {@code Scopes s = RoutingSpi.scopes(); int mark = s.enter(intent, bound); try {...}
     * finally { s.exit(mark); }} looks the thread's state up once instead of twice. Use it only on
     * the thread that obtained it, and do not keep it beyond the call.
     *
     * @return this thread's scopes
     */
    public static Scopes scopes() {
        return RoutingContext.current();
    }

    /** A thread's routing scopes (see {@link #scopes()}); the same contract as enter/exit. */
    public interface Scopes {

        /**
         * Like {@link RoutingSpi#enter(RoutingIntent, Route)}, on this thread's scopes.
         *
         * @param intent the intent
         * @param boundRoute the route of the connection bound to the current transaction, or
         *     {@code null}
         * @return the mark for {@link #exit(int)}
         * @throws RouteConflictException if {@code intent} needs the primary and the bound
         *     connection is a replica's
         */
        int enter(RoutingIntent intent, Route boundRoute);

        /**
         * Like {@link RoutingSpi#exit(int)}, on this thread's scopes.
         *
         * @param mark the mark returned by {@link #enter}
         */
        void exit(int mark);
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
     * Tells the router about a failure seen at method level, so it reacts before its monitor's
     * next probe: a lost connection evicts the endpoint's pooled connections and re-probes it; a
     * write rejected as read-only by the primary puts the router in writes-unavailable mode at
     * once. {@link Routing#call} does it itself.
     *
     * @param failure what the work threw
     * @param intent the intent of the failed scope, or {@code null}
     * @return a {@link WritesUnavailableException} to throw instead, when a command was rejected
     *     because the primary is read-only (its message says whether statements of the call that
     *     committed earlier stay applied); otherwise {@code null}: rethrow the original
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
        RoutingContext ctx = RoutingContext.current();
        Endpoint endpoint = ctx.lastEndpoint();
        FailureSink sink = endpoint == null ? null : endpoint.sink();
        if (sink == null || !sink.failed(endpoint, f)) {
            return null;
        }
        if (intent == null || intent.kind() != RoutingIntent.Kind.COMMAND) {
            return null;
        }
        // "Nothing applied" holds only if no earlier statement of the scope committed on its own.
        String applied = ctx.committedInScope()
                ? "statements of this call that committed before it (autocommit, or an earlier"
                        + " transaction) stay applied"
                : "nothing was applied";
        return new WritesUnavailableException("writes are unavailable: the primary "
                + endpoint.description() + " rejected a write as read-only (SQLState "
                + f.sqlState() + ", code " + f.vendorCode() + "); " + applied + "; commands"
                + " fail fast until a probe sees a writable primary", failure);
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
     * Tells which route a connection obtained from a {@link RoutingDataSource} is on.
     *
     * @param connection a connection, possibly wrapped by a framework
     * @return its route, or {@code null} if it did not come from a routing data source
     */
    public static Route routeOf(Connection connection) {
        RoutedConnection routed = routed(connection);
        if (routed == null) {
            return null;
        }
        return routed.primary() ? Route.PRIMARY : Route.REPLICA;
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
        return routed.owner() instanceof Router
                && ((Router) routed.owner()).caughtUp(routed.endpoint());
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
}
