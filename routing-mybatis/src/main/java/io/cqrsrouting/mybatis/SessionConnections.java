package io.cqrsrouting.mybatis;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.RouteConflictException;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingIntent;
import org.apache.ibatis.transaction.Transaction;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connections of one MyBatis session.
 *
 * <p>MyBatis opens a session's connection on its first statement and keeps it until the session
 * closes. In a transaction (a Spring transaction, or a session opened with
 * {@code autoCommit=false}) that connection serves every statement: a bound connection never
 * switches. In autocommit mode each statement is its own transaction, so a statement whose route
 * differs from that connection's runs on a second connection of the right route, opened once and
 * kept (with the statements and cursors prepared on it) until the session closes. A session holds
 * at most one extra connection per route.
 */
final class SessionConnections {

    private static final RoutingIntent PRIMARY_READ =
            RoutingIntent.consistent().withOrigin("MyBatis statement");

    private final Transaction transaction;
    private final RoutingDataSource router;
    private final boolean statementMayChooseConnection;

    private boolean known;
    private boolean heldAutoCommit;
    private Route heldRoute;
    private Connection primary;
    private Connection replica;
    private boolean replicaResultsCached;

    SessionConnections(Transaction transaction, RoutingDataSource router) {
        this.transaction = transaction;
        this.router = router;
        this.statementMayChooseConnection = JdbcAutoCommit.statementMayChooseConnection(transaction);
    }

    boolean belongsTo(Transaction t) {
        return transaction == t;
    }

    /**
     * @return whether a statement may run in a scope of its own type: always once the session's
     *     connection is open, and for the first statement when it may choose that connection
     */
    boolean mayScopeStatements() {
        return known || statementMayChooseConnection;
    }

    /** @return whether a statement needing {@code needed} must look at the connection it gets */
    boolean watchPrepare(Route needed) {
        return !known || heldRoute != null && heldRoute != needed;
    }

    /**
     * Tells whether the session's local cache must be cleared before a query: results read on a
     * replica must not answer a query that needs the primary (an explicit command or consistent
     * read), which asks for data at least as fresh as the primary's, or the caller's own writes.
     *
     * @param needed the route the query needs
     * @param consistent whether it is a read-your-writes read
     * @return whether to clear the session's local cache first
     */
    boolean beforeQuery(Route needed, boolean consistent) {
        if (needed == Route.REPLICA && !consistent) {
            replicaResultsCached = true;
            return false;
        }
        boolean stale = replicaResultsCached;
        replicaResultsCached = false;
        return stale;
    }

    /**
     * Tells whether a query may be served by a replica (then it must bypass the shared cache): in
     * a transaction its connection decides; otherwise its route does.
     *
     * @param needed the route the query needs
     * @param consistent whether it is a read-your-writes read (a caught-up replica may serve it)
     * @return whether a replica may serve it
     */
    boolean mayRunOnReplica(Route needed, boolean consistent) {
        if (router == null) {
            return false;
        }
        if (known && !heldAutoCommit && heldRoute != null) {
            return heldRoute == Route.REPLICA;
        }
        return needed == Route.REPLICA || consistent;
    }

    /** An update clears the session's local cache. */
    void afterUpdate() {
        replicaResultsCached = false;
    }

    /**
     * @param given the connection MyBatis prepares the statement on (the session's)
     * @param frame what the statement needs
     * @return the connection to prepare it on
     */
    Connection choose(Connection given, StatementFrame frame) throws SQLException {
        boolean openedForThis = !known;
        if (!known) {
            heldRoute = RoutingSpi.routeOf(given);
            heldAutoCommit = given.getAutoCommit();
            known = true;
        }
        if (heldRoute == null || heldRoute == frame.needed || router == null) {
            return given;
        }
        if (!heldAutoCommit) {
            if (heldRoute == Route.REPLICA && frame.mustBePrimary) {
                throw new RouteConflictException(frame.describe() + " needs the primary, but its"
                        + " MyBatis session is in a transaction bound to a replica: a bound"
                        + " connection never switches. Start that transaction outside the query"
                        + " scope, or run this statement in a transaction of its own.");
            }
            // A bound connection never switches; a consistent read uses it, as plain JDBC would.
            return given;
        }
        if (frame.consistent && heldRoute == Route.REPLICA) {
            // Opened just now, in the read's own scope: the router chose a caught-up replica.
            return openedForThis || RoutingSpi.servesReadYourWrites(given) ? given : caughtUp();
        }
        Connection side = frame.needed == Route.PRIMARY ? primary : replica;
        return side != null ? side : open(given, frame);
    }

    /**
     * A connection for a read-your-writes read in an autocommit session whose own connection is
     * on a replica that has not (as far as the monitor knows) replayed the caller's writes: the
     * session's other replica connection if that one has, else whatever the router picks in the
     * read's scope: a caught-up replica (then it replaces the session's other replica connection)
     * or the primary.
     */
    private Connection caughtUp() throws SQLException {
        if (replica != null && RoutingSpi.servesReadYourWrites(replica)) {
            return replica;
        }
        Connection c = router.getConnection();
        if (RoutingSpi.routeOf(c) == Route.PRIMARY) {
            if (primary != null) {
                c.close();
                return primary;
            }
            primary = autoCommit(c);
            return primary;
        }
        closeQuietly(replica);
        replica = autoCommit(c);
        return replica;
    }

    private static Connection autoCommit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
        return c;
    }

    private Connection open(Connection given, StatementFrame frame) throws SQLException {
        RoutingIntent intent = frame.statementIntent;
        if (intent == null && frame.needed == Route.PRIMARY) {
            RoutingIntent explicit = Routing.currentIntent();
            // a consistent read could be handed a caught-up replica: ask for the primary itself
            intent = explicit != null && explicit.kind() == RoutingIntent.Kind.COMMAND
                    ? null : PRIMARY_READ;
        }
        int mark = intent == null ? -1 : RoutingSpi.enter(intent);
        Connection c;
        try {
            c = router.getConnection();
        } finally {
            if (mark >= 0) {
                RoutingSpi.exit(mark);
            }
        }
        Route got = RoutingSpi.routeOf(c);
        Connection kept = got == Route.PRIMARY ? primary : replica;
        if (got == heldRoute || kept != null) {
            // the router fell back (no replica, say): use what this session already has
            c.close();
            return got == heldRoute ? given : kept;
        }
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
        if (got == Route.PRIMARY) {
            primary = c;
        } else {
            replica = c;
        }
        return c;
    }

    /** Closes the extra connections; called when the session closes. */
    void close() {
        primary = closeQuietly(primary);
        replica = closeQuietly(replica);
    }

    private static Connection closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // the session is closing; the pool discards a broken connection itself
            }
        }
        return null;
    }
}
