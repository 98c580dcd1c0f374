package io.cqrsrouting.mybatis;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingIntent;

/**
 * What the executor call running on this thread needs, read when its statement is prepared. Frames
 * nest (a {@code selectKey}, a nested select) and are restored in {@code finally}.
 */
final class StatementFrame {

    private static final ThreadLocal<StatementFrame> CURRENT = new ThreadLocal<>();

    final SessionConnections connections;
    /** The mapped statement's id, for messages. */
    final String statementId;
    /** The route the statement must run on. */
    final Route needed;
    /** The statement-type intent, or null when an explicit scope decides. */
    final RoutingIntent statementIntent;
    /** Whether running on a replica would be wrong rather than just slower. */
    final boolean mustBePrimary;
    /**
     * Whether it is a read-your-writes read: a replica connection serves it only if that replica
     * has replayed the caller's writes.
     */
    final boolean consistent;
    /** Whether the prepared statement's connection has to be checked. */
    final boolean watchPrepare;
    private final StatementFrame outer;
    private int scopeMark;

    private StatementFrame(SessionConnections connections, String statementId, Route needed,
            RoutingIntent statementIntent, boolean mustBePrimary, boolean consistent,
            boolean watchPrepare, int scopeMark, StatementFrame outer) {
        this.connections = connections;
        this.statementId = statementId;
        this.needed = needed;
        this.statementIntent = statementIntent;
        this.mustBePrimary = mustBePrimary;
        this.consistent = consistent;
        this.watchPrepare = watchPrepare;
        this.scopeMark = scopeMark;
        this.outer = outer;
    }

    static StatementFrame current() {
        return CURRENT.get();
    }

    static StatementFrame push(SessionConnections connections, String statementId, Route needed,
            RoutingIntent statementIntent, boolean mustBePrimary, boolean consistent,
            boolean watchPrepare, int scopeMark) {
        StatementFrame frame = new StatementFrame(connections, statementId, needed, statementIntent,
                mustBePrimary, consistent, watchPrepare, scopeMark, CURRENT.get());
        CURRENT.set(frame);
        return frame;
    }

    /** Leaves the statement scope entered for the session's first connection, if still open. */
    void leaveScope() {
        if (scopeMark >= 0) {
            RoutingSpi.exit(scopeMark);
            scopeMark = -1;
        }
    }

    String describe() {
        RoutingIntent explicit = statementIntent == null ? Routing.currentIntent() : null;
        return "MyBatis statement '" + statementId + "'" + (explicit != null ? " in " + explicit : "");
    }

    void pop() {
        leaveScope();
        CURRENT.set(outer);
    }
}
