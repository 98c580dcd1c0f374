package io.cqrsrouting.core.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A prepared statement of a primary {@link RoutedConnection}: classified once, when prepared; each
 * execution that may write is reported to the connection (see {@link RoutedStatement}). The
 * parameter setters and the other {@link PreparedStatement} calls are forwarded by the generated
 * {@link DelegatingPreparedStatement}, the {@code Statement} calls as by {@link RoutedStatement}.
 */
final class RoutedPreparedStatement extends DelegatingPreparedStatement {

    private final boolean write;

    RoutedPreparedStatement(PreparedStatement delegate, RoutedConnection connection,
            boolean write) {
        super(delegate, connection);
        this.write = write;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        try {
            return RoutedResultSet.of(prepared.executeQuery(), this);
        } finally {
            connection.executed(write);
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        try { return prepared.executeUpdate(); } finally { connection.executed(write); }
    }

    @Override
    public boolean execute() throws SQLException {
        try { return prepared.execute(); } finally { connection.executed(write); }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        try { return prepared.executeLargeUpdate(); } finally { connection.executed(write); }
    }

    @Override
    public void addBatch() throws SQLException {
        batched(write);
        prepared.addBatch();
    }
}
