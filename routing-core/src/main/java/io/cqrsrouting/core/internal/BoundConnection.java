package io.cqrsrouting.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * The binding of a {@link RoutedConnection} to its pooled connection: which endpoint it comes from
 * and where that endpoint tracks it as in flight, the settings made through the wrapper that must
 * survive a change of pooled connection, and the two cold paths that change the binding — switching
 * a held replica connection to the primary ({@link #bind}) and aborting it when its endpoint dies
 * ({@link #abortQuietly}, {@link #abort}). The routed connection's per-call code reads these fields
 * directly (they are its own fields); nothing here runs on the per-call path.
 */
abstract sealed class BoundConnection extends DelegatingConnection permits RoutedConnection {

    // Change only when a held replica connection is switched, on the thread that uses it
    // (the delegate too, in the generated superclass).
    Endpoint endpoint;
    boolean primary;
    int ticket; // where the endpoint tracks it (InFlightConnections)
    private boolean aborted; // by the monitor (read and written by aborting threads only)

    // Written by the user's thread, read by the monitor aborting in-flight connections: release
    // and acquire order suffice (the untrack CAS that follows a close is the fence).
    @SuppressWarnings("unused") // through CLOSED
    private boolean closed;
    static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(BoundConnection.class, "closed",
                    boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Set through the wrapper; carried over to the primary connection by a switch.
    boolean manual; // setAutoCommit(false) was called and not undone
    boolean readOnly;
    int isolation = -1; // -1: never set

    BoundConnection(Connection delegate, Endpoint endpoint, boolean primary) {
        super(delegate);
        this.endpoint = endpoint;
        this.primary = primary;
    }

    private RoutedConnection routed() {
        return (RoutedConnection) this; // the only subclass (sealed)
    }

    /**
     * Replaces the pooled replica connection underneath by {@code primaryConnection}, carrying over
     * the auto-commit, read-only and isolation settings made through the wrapper; the replica
     * connection goes back to its pool.
     *
     * @param primaryConnection a pooled primary connection
     * @param primaryEndpoint where it comes from
     * @param threadSlot the calling thread's {@link ThreadSlots} index
     * @throws SQLException if the settings cannot be applied (then {@code primaryConnection} is closed)
     */
    final void bind(Connection primaryConnection, Endpoint primaryEndpoint, int threadSlot)
            throws SQLException {
        try {
            if (manual) {
                primaryConnection.setAutoCommit(false);
            }
            if (readOnly) {
                primaryConnection.setReadOnly(true);
            }
            if (isolation >= 0) {
                primaryConnection.setTransactionIsolation(isolation);
            }
        } catch (SQLException | RuntimeException e) {
            primaryConnection.close();
            throw e;
        }
        Connection old = delegate;
        endpoint.untrack(ticket, routed());
        delegate = primaryConnection;
        endpoint = primaryEndpoint;
        this.primary = true;
        // An abort of the replica connection (its node failed) must not make the primary
        // connection unabortable: cleared before it is tracked (the tracking write publishes it).
        aborted = false;
        ticket = primaryEndpoint.track(routed(), threadSlot);
        try {
            old.close();
        } catch (SQLException ignored) {
            // the replica connection is gone; nothing was open on it
        }
    }

    /**
     * Aborts the physical connection (the endpoint is dead); never throws.
     *
     * @return whether it was still open and not aborted before
     */
    final boolean abortQuietly() {
        if ((boolean) CLOSED.getAcquire(this) || aborted) {
            return false;
        }
        aborted = true; // it stays tracked until closed: a later abort must not count it again
        try {
            delegate.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // the endpoint is gone; the caller sees the failure on its next use
        }
        return true;
    }

    @Override
    public final void abort(Executor executor) throws SQLException {
        if ((boolean) CLOSED.getAcquire(this)) {
            return; // a no-op on a closed connection (JDBC): never the pooled one's next user
        }
        CLOSED.setRelease(this, true);
        endpoint.untrack(ticket, routed());
        delegate.abort(executor);
    }

    @Override
    public final DatabaseMetaData getMetaData() throws SQLException {
        return RoutedMetaData.of(delegate.getMetaData(), this);
    }
}
