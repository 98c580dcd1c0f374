package io.cqrsrouting.core.internal;

import io.cqrsrouting.core.RoutingSpi;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A pooled connection tagged with the endpoint and route it was taken from; the router can tell a
 * transaction's bound route from the connection alone ({@code RoutingSpi.routeOf}).
 *
 * <p><b>Writes.</b> On a primary connection every write that becomes durable is reported to the
 * router, whatever started it: an explicit {@code commit()}, the implicit commit of
 * {@code setAutoCommit(true)}, a statement run in autocommit mode (seen by wrapping the primary's
 * statements; their {@code getConnection()} returns this connection, so commits made through it
 * count too), and, when the connection closes, a write it cannot otherwise place (a callable
 * statement's autocommit execution, a commit through a driver object). Whether a statement may
 * write is decided by {@code StatementClassifier}, except on connections handed out to a command,
 * where every statement counts. A rolled-back transaction reports nothing.
 *
 * <p><b>Held connections.</b> A replica connection held across scopes (JPA open-in-view, a session
 * kept by an ORM) that is used while the calling thread's scope needs the primary is switched to a
 * primary connection if no transaction is open on it; inside an open transaction, a write fails
 * with the owner's conflict exception before it reaches the database.
 *
 * <p>Used by one thread at a time, like any JDBC connection. Its binding to the pooled connection
 * (endpoint, in-flight tracking, the switch and the monitor's abort) is in {@link BoundConnection};
 * every other JDBC call is forwarded by the generated {@code DelegatingConnection}.
 */
public final class RoutedConnection extends BoundConnection {

    // The read-your-writes position its node was checked to have replayed, on this very
    // connection, when it was handed out (a fan-out endpoint's serving check), or -1.
    private long provenPosition = -1;

    private final ConnectionOwner owner;
    private final boolean track; // wrap a primary connection's statements to see its writes
    private final boolean command; // handed out to a command: every statement may write
    // The owner's per-thread state of the thread it was handed out to (opaque here), so the
    // owner need not look it up again while that thread uses the connection.
    private Object context;
    private boolean ranInAutocommit; // a statement was created outside manual mode
    private boolean inTransaction; // manual mode, and a statement was created since it began
    private boolean pendingWrite; // a write ran and is not yet reported (not yet committed)

    /**
     * @param delegate the pooled connection
     * @param endpoint where it comes from
     * @param primary whether it serves the primary route (else the replica route)
     * @param owner the router to notify
     * @param track whether writes on it (once on the primary) advance the caller's position
     * @param command whether it serves a command (every statement may write)
     * @param threadSlot the calling thread's {@link ThreadSlots} index (it is handed out to it)
     */
    public RoutedConnection(Connection delegate, Endpoint endpoint, boolean primary, ConnectionOwner owner,
            boolean track, boolean command, int threadSlot) {
        super(delegate, endpoint, primary);
        this.owner = owner;
        this.track = track;
        this.command = command;
        this.ticket = endpoint.track(this, threadSlot);
    }

    /**
     * @return whether a statement was created on this connection while it was not switched to
     *     manual commit: it may have written in autocommit mode. (Spring restores autocommit after
     *     a transaction before closing; that alone runs nothing and does not count.)
     */
    public boolean ranInAutocommit() {
        return ranInAutocommit;
    }

    /** @return whether this connection serves the primary route (else the replica route) */
    public boolean primary() {
        return primary;
    }

    /** @return the position set by {@link #proven(long)}, or -1 */
    public long provenPosition() {
        return provenPosition;
    }

    /**
     * @param position the read-your-writes position this replica connection's node was checked,
     *     on this connection, to have replayed
     * @return this connection
     */
    public RoutedConnection proven(long position) {
        provenPosition = position;
        return this;
    }

    /** @return the router that handed this connection out */
    public ConnectionOwner owner() {
        return owner;
    }

    /** @return the endpoint this connection comes from */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** @return the pooled connection underneath */
    public Connection delegate() {
        return delegate;
    }

    /**
     * Switches this held replica connection to the primary ({@link BoundConnection#bind}); no
     * transaction is open on it. For the owner's {@link ConnectionOwner#switchToPrimary}.
     *
     * @param primaryConnection a pooled primary connection
     * @param primaryEndpoint where it comes from
     * @param threadSlot the calling thread's {@link ThreadSlots} index
     * @throws SQLException if the settings cannot be applied (then {@code primaryConnection} is closed)
     */
    public void rebind(Connection primaryConnection, Endpoint primaryEndpoint, int threadSlot)
            throws SQLException {
        bind(primaryConnection, primaryEndpoint, threadSlot);
        inTransaction = false;
        ranInAutocommit = false;
    }

    /** @return whether {@code sql} may write, as far as read-your-writes tracking is concerned */
    boolean writes(String sql) {
        return command || !SqlText.isRead(sql);
    }

    /** A statement ran (or failed) on a primary connection; {@code write}: it may have written. */
    void executed(boolean write) {
        if (write) {
            if (manual) {
                pendingWrite = true;
            } else {
                owner.wrote(this);
            }
        }
    }

    /**
     * Before a statement is created: switches or refuses a held replica connection, and notes
     * where the statement runs.
     *
     * @return whether to wrap the statement (a tracked primary connection)
     */
    private boolean beforeStatement(String sql) throws SQLException {
        if (!primary) {
            boolean mayWrite = sql != null && !SqlText.isRead(sql);
            if (owner.needsPrimary(this, mayWrite)) {
                if (!inTransaction) {
                    owner.switchToPrimary(this);
                } else if (mayWrite) {
                    throw owner.heldReplicaConflict(this);
                }
            }
        }
        if (manual) {
            inTransaction = true;
        } else {
            ranInAutocommit = true;
            if (pendingWrite) {
                flushWrite(); // an earlier callable statement's autocommit write
            }
        }
        // A failure reported at method level is blamed on the endpoint whose connection ran the
        // last statement on this thread, not on the last one opened (a replica connection held
        // across scopes must not put the primary in writes-unavailable mode).
        owner.used(this);
        return track && primary;
    }

    private void flushWrite() {
        pendingWrite = false;
        owner.wrote(this);
    }

    @Override
    public void commit() throws SQLException {
        owner.used(this);
        delegate.commit();
        inTransaction = false;
        owner.afterCommit(this);
        if (pendingWrite) {
            flushWrite();
        }
    }

    @Override
    public void rollback() throws SQLException {
        delegate.rollback();
        inTransaction = false;
        if (manual) {
            pendingWrite = false;
        }
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        boolean wasManual = manual;
        if (!autoCommit && !wasManual && !primary && owner.needsPrimary(this, !readOnly)) {
            owner.switchToPrimary(this); // a transaction for the primary begins on a held replica
        }
        delegate.setAutoCommit(autoCommit);
        manual = !autoCommit;
        if (autoCommit != !wasManual) {
            inTransaction = false;
            if (autoCommit && pendingWrite) {
                flushWrite(); // switching auto-commit on commits the open transaction
            }
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        delegate.setReadOnly(readOnly);
        this.readOnly = readOnly;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        delegate.setTransactionIsolation(level);
        this.isolation = level;
    }

    /** @return the owner's state of the thread this connection was handed out to, or null */
    public Object context() {
        return context;
    }

    /**
     * @param context the owner's state of the thread this connection is handed out to
     * @return this connection
     */
    public RoutedConnection context(Object context) {
        this.context = context;
        return this;
    }

    @Override
    public void close() throws SQLException {
        if ((boolean) CLOSED.getAcquire(this)) {
            return;
        }
        CLOSED.setRelease(this, true);
        endpoint.untrack(ticket, this);
        try {
            if (pendingWrite && primary) {
                flushWrite(); // committed through a driver object, or a callable in autocommit
            }
            owner.beforeClose(this);
        } finally {
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return "RoutedConnection[" + (primary ? "PRIMARY" : "REPLICA") + " via " + endpoint.name() + "]";
    }

    @Override
    public Statement createStatement() throws SQLException {
        return statement(beforeStatement(null), delegate.createStatement());
    }

    @Override
    public Statement createStatement(int p0, int p1) throws SQLException {
        return statement(beforeStatement(null), delegate.createStatement(p0, p1));
    }

    @Override
    public Statement createStatement(int p0, int p1, int p2) throws SQLException {
        return statement(beforeStatement(null), delegate.createStatement(p0, p1, p2));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepared(beforeStatement(sql), sql, delegate.prepareStatement(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int p1, int p2) throws SQLException {
        return prepared(beforeStatement(sql), sql, delegate.prepareStatement(sql, p1, p2));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int p1, int p2, int p3)
            throws SQLException {
        return prepared(beforeStatement(sql), sql, delegate.prepareStatement(sql, p1, p2, p3));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int p1) throws SQLException {
        return prepared(beforeStatement(sql), sql, delegate.prepareStatement(sql, p1));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] p1) throws SQLException {
        return prepared(beforeStatement(sql), sql, delegate.prepareStatement(sql, p1));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] p1) throws SQLException {
        return prepared(beforeStatement(sql), sql, delegate.prepareStatement(sql, p1));
    }

    // Arguments are evaluated left to right: beforeStatement may switch the delegate first.
    private Statement statement(boolean wrap, Statement s) {
        return wrap ? new RoutedStatement(s, this) : s;
    }

    private PreparedStatement prepared(boolean wrap, String sql, PreparedStatement s) {
        return wrap ? new RoutedPreparedStatement(s, this, writes(sql)) : s;
    }

    // Callable statements are not wrapped: a call may write, reported at commit or close.
    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return called(beforeStatement(sql), delegate.prepareCall(sql));
    }

    @Override
    public CallableStatement prepareCall(String sql, int p1, int p2) throws SQLException {
        return called(beforeStatement(sql), delegate.prepareCall(sql, p1, p2));
    }

    @Override
    public CallableStatement prepareCall(String sql, int p1, int p2, int p3) throws SQLException {
        return called(beforeStatement(sql), delegate.prepareCall(sql, p1, p2, p3));
    }

    private CallableStatement called(boolean tracked, CallableStatement s) {
        if (tracked) {
            pendingWrite = true;
        }
        return s;
    }
}
