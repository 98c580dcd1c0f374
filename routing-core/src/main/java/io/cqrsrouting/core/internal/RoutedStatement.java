package io.cqrsrouting.core.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * A statement of a primary {@link RoutedConnection}. It tells the connection when a statement that
 * may write has run (so an autocommit write advances the caller's read-your-writes position at
 * once), and {@link #getConnection()} returns the routed connection, so a commit made through it
 * is seen too; so do its result sets' {@code getStatement()}. Everything else is delegated. One
 * allocation per statement and one per result set, on primary connections only: replica
 * connections hand out the driver's statements unwrapped.
 */
class RoutedStatement implements Statement {

    private final Statement d;
    final RoutedConnection connection;
    private boolean batchWrites;

    RoutedStatement(Statement delegate, RoutedConnection connection) {
        this.d = delegate;
        this.connection = connection;
    }

    /** Marks that a batch entry may write; called by {@code addBatch}. */
    final void batched(boolean write) {
        batchWrites |= write;
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        boolean w = connection.writes(sql);
        try { return RoutedResultSet.of(d.executeQuery(sql), this); } finally { connection.executed(w); }
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.executeUpdate(sql); } finally { connection.executed(w); }
    }

    @Override
    public int executeUpdate(String sql, int p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.executeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public int executeUpdate(String sql, int[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.executeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public int executeUpdate(String sql, String[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.executeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.execute(sql); } finally { connection.executed(w); }
    }

    @Override
    public boolean execute(String sql, int p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.execute(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public boolean execute(String sql, int[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.execute(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public boolean execute(String sql, String[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.execute(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.executeLargeUpdate(sql); } finally { connection.executed(w); }
    }

    @Override
    public long executeLargeUpdate(String sql, int p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.executeLargeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public long executeLargeUpdate(String sql, int[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.executeLargeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public long executeLargeUpdate(String sql, String[] p1) throws SQLException {
        boolean w = connection.writes(sql);
        try { return d.executeLargeUpdate(sql, p1); } finally { connection.executed(w); }
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        batched(connection.writes(sql));
        d.addBatch(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        batchWrites = false;
        d.clearBatch();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        boolean w = batchWrites;
        batchWrites = false;
        try { return d.executeBatch(); } finally { connection.executed(w); }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        boolean w = batchWrites;
        batchWrites = false;
        try { return d.executeLargeBatch(); } finally { connection.executed(w); }
    }

    /** @return the routed connection, so that a commit through it counts */
    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : d.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || d.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return d.toString();
    }

    @Override
    public void close() throws SQLException { d.close(); }
    @Override
    public int getMaxFieldSize() throws SQLException { return d.getMaxFieldSize(); }
    @Override
    public void setMaxFieldSize(int p0) throws SQLException { d.setMaxFieldSize(p0); }
    @Override
    public int getMaxRows() throws SQLException { return d.getMaxRows(); }
    @Override
    public void setMaxRows(int p0) throws SQLException { d.setMaxRows(p0); }
    @Override
    public void setEscapeProcessing(boolean p0) throws SQLException { d.setEscapeProcessing(p0); }
    @Override
    public int getQueryTimeout() throws SQLException { return d.getQueryTimeout(); }
    @Override
    public void setQueryTimeout(int p0) throws SQLException { d.setQueryTimeout(p0); }
    @Override
    public void cancel() throws SQLException { d.cancel(); }
    @Override
    public SQLWarning getWarnings() throws SQLException { return d.getWarnings(); }
    @Override
    public void clearWarnings() throws SQLException { d.clearWarnings(); }
    @Override
    public void setCursorName(String p0) throws SQLException { d.setCursorName(p0); }
    @Override
    public ResultSet getResultSet() throws SQLException {
        return RoutedResultSet.of(d.getResultSet(), this);
    }
    @Override
    public int getUpdateCount() throws SQLException { return d.getUpdateCount(); }
    @Override
    public boolean getMoreResults() throws SQLException { return d.getMoreResults(); }
    @Override
    public void setFetchDirection(int p0) throws SQLException { d.setFetchDirection(p0); }
    @Override
    public int getFetchDirection() throws SQLException { return d.getFetchDirection(); }
    @Override
    public void setFetchSize(int p0) throws SQLException { d.setFetchSize(p0); }
    @Override
    public int getFetchSize() throws SQLException { return d.getFetchSize(); }
    @Override
    public int getResultSetConcurrency() throws SQLException { return d.getResultSetConcurrency(); }
    @Override
    public int getResultSetType() throws SQLException { return d.getResultSetType(); }
    @Override
    public boolean getMoreResults(int p0) throws SQLException { return d.getMoreResults(p0); }
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return RoutedResultSet.of(d.getGeneratedKeys(), this);
    }
    @Override
    public int getResultSetHoldability() throws SQLException { return d.getResultSetHoldability(); }
    @Override
    public boolean isClosed() throws SQLException { return d.isClosed(); }
    @Override
    public void setPoolable(boolean p0) throws SQLException { d.setPoolable(p0); }
    @Override
    public boolean isPoolable() throws SQLException { return d.isPoolable(); }
    @Override
    public void closeOnCompletion() throws SQLException { d.closeOnCompletion(); }
    @Override
    public boolean isCloseOnCompletion() throws SQLException { return d.isCloseOnCompletion(); }
    @Override
    public long getLargeUpdateCount() throws SQLException { return d.getLargeUpdateCount(); }
    @Override
    public void setLargeMaxRows(long p0) throws SQLException { d.setLargeMaxRows(p0); }
    @Override
    public long getLargeMaxRows() throws SQLException { return d.getLargeMaxRows(); }
    @Override
    public String enquoteLiteral(String p0) throws SQLException { return d.enquoteLiteral(p0); }
    @Override
    public String enquoteIdentifier(String p0, boolean p1) throws SQLException {
        return d.enquoteIdentifier(p0, p1);
    }
    @Override
    public boolean isSimpleIdentifier(String p0) throws SQLException {
        return d.isSimpleIdentifier(p0);
    }
    @Override
    public String enquoteNCharLiteral(String p0) throws SQLException {
        return d.enquoteNCharLiteral(p0);
    }

}
