package io.cqrsrouting.core.internal;

import java.sql.SQLException;

/** Callbacks from a routed connection to the router that handed it out. */
public interface ConnectionOwner {
    /**
     * Called after a successful explicit commit.
     *
     * @param connection the connection
     */
    void afterCommit(RoutedConnection connection);

    /**
     * Called before the connection goes back to its pool.
     *
     * @param connection the connection
     */
    void beforeClose(RoutedConnection connection);

    /**
     * Called once a write on a primary connection is durable (committed, or run in
     * autocommit mode): it advances the calling session's read-your-writes position.
     *
     * @param connection the connection
     */
    void wrote(RoutedConnection connection);

    /**
     * @param connection the replica connection about to be used
     * @param mayWrite whether what is about to run may write (a statement that is not a plain
     *     read, a call, or a read-write transaction beginning)
     * @return whether it must run on the primary: the calling thread's scope decided PRIMARY;
     *     or the read must see the session's writes (a consistent read, or any read of a session
     *     that wrote when reads after a write are read-your-writes) and the connection's node is
     *     not proven to have replayed them; or no scope is open, the default route is the primary
     *     and it may write (otherwise a plain read with no scope keeps a held replica connection:
     *     statement-type routing and lazy loading rely on it)
     */
    boolean needsPrimary(RoutedConnection connection, boolean mayWrite);

    /**
     * Replaces the replica connection under {@code connection} by a primary connection
     * ({@link RoutedConnection#rebind}).
     *
     * @param connection a held replica connection with no open transaction
     * @throws SQLException if no primary connection can be had
     */
    void switchToPrimary(RoutedConnection connection) throws SQLException;

    /**
     * @param connection a replica connection inside an open transaction
     * @return the exception for a write attempted on it while the scope needs the primary
     */
    RuntimeException heldReplicaConflict(RoutedConnection connection);

    /**
     * Called before a statement is created and before a commit: a failure reported at method
     * level is blamed on the endpoint whose connection ran the last statement on the thread.
     *
     * @param endpoint the endpoint of this connection
     */
    void used(RoutedConnection connection);
}
