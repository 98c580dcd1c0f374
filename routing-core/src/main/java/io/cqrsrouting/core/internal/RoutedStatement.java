package io.cqrsrouting.core.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A statement of a primary {@link RoutedConnection}. It tells the connection when a statement that
 * may write has run (so an autocommit write advances the caller's read-your-writes position at
 * once), and {@link #getConnection()} returns the routed connection, so a commit made through it
 * is seen too; so do its result sets' {@code getStatement()}. Every other call is forwarded by the
 * generated {@link DelegatingStatement}. One allocation per statement and one per result set, on
 * primary connections only: replica connections hand out the driver's statements unwrapped.
 */
class RoutedStatement extends DelegatingStatement {

    final RoutedConnection connection;
    private boolean batchWrites;

    RoutedStatement(Statement delegate, RoutedConnection connection) {
        super(delegate);
        this.connection = connection;
    }

    /** Marks that a batch entry may write; called by {@code addBatch}. */
    final void batched(boolean write) {
        batchWrites |= write;
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        boolean w = connection.writes(sql);
        try {
            return RoutedResultSet.of(delegate.executeQuery(sql), this);
        } finally {
            connection.executed(w);
        }
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.executeUpdate(sql); } finally { connection.executed(w); }
    }

    @Override
    public int executeUpdate(String sql, int p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.executeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public int executeUpdate(String sql, int[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.executeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public int executeUpdate(String sql, String[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.executeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.execute(sql); } finally { connection.executed(w); }
    }

    @Override
    public boolean execute(String sql, int p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.execute(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public boolean execute(String sql, int[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.execute(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public boolean execute(String sql, String[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.execute(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.executeLargeUpdate(sql); } finally { connection.executed(w); }
    }

    @Override
    public long executeLargeUpdate(String sql, int p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.executeLargeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public long executeLargeUpdate(String sql, int[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.executeLargeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public long executeLargeUpdate(String sql, String[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return delegate.executeLargeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        batched(connection.writes(sql));
        delegate.addBatch(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        batchWrites = false;
        delegate.clearBatch();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        boolean w = batchWrites;
        batchWrites = false;
        try { return delegate.executeBatch(); } finally { connection.executed(w); }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        boolean w = batchWrites;
        batchWrites = false;
        try { return delegate.executeLargeBatch(); } finally { connection.executed(w); }
    }

    /** @return the routed connection, so that a commit through it counts */
    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return RoutedResultSet.of(delegate.getResultSet(), this);
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return RoutedResultSet.of(delegate.getGeneratedKeys(), this);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
