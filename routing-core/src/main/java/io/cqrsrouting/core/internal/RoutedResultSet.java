package io.cqrsrouting.core.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A result set of a wrapped primary statement: {@link #getStatement()} returns that statement, so
 * a commit made through {@code resultSet.getStatement().getConnection()} is seen by the router.
 * Everything else is delegated: getters in {@link ResultSetGetters}, updates in
 * {@link ResultSetUpdates}, navigation and state here (one-line delegations).
 */
final class RoutedResultSet extends ResultSetGetters {

    private final Statement statement;

    private RoutedResultSet(ResultSet delegate, Statement statement) {
        super(delegate);
        this.statement = statement;
    }

    /** @return {@code rs} wrapped so its statement is {@code statement}; {@code null} stays null */
    static ResultSet of(ResultSet rs, Statement statement) {
        return rs == null ? null : new RoutedResultSet(rs, statement);
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : d.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || d.isWrapperFor(iface);
    }

    // ---------------------------------------------------------------- delegated: navigation, state

    @Override
    public boolean next() throws SQLException { return d.next(); }

    @Override
    public void close() throws SQLException { d.close(); }

    @Override
    public boolean wasNull() throws SQLException { return d.wasNull(); }

    @Override
    public void clearWarnings() throws SQLException { d.clearWarnings(); }

    @Override
    public int findColumn(String p0) throws SQLException { return d.findColumn(p0); }

    @Override
    public boolean isBeforeFirst() throws SQLException { return d.isBeforeFirst(); }

    @Override
    public boolean isAfterLast() throws SQLException { return d.isAfterLast(); }

    @Override
    public boolean isFirst() throws SQLException { return d.isFirst(); }

    @Override
    public boolean isLast() throws SQLException { return d.isLast(); }

    @Override
    public void beforeFirst() throws SQLException { d.beforeFirst(); }

    @Override
    public void afterLast() throws SQLException { d.afterLast(); }

    @Override
    public boolean first() throws SQLException { return d.first(); }

    @Override
    public boolean last() throws SQLException { return d.last(); }

    @Override
    public boolean absolute(int p0) throws SQLException { return d.absolute(p0); }

    @Override
    public boolean relative(int p0) throws SQLException { return d.relative(p0); }

    @Override
    public boolean previous() throws SQLException { return d.previous(); }

    @Override
    public void setFetchDirection(int p0) throws SQLException { d.setFetchDirection(p0); }

    @Override
    public void setFetchSize(int p0) throws SQLException { d.setFetchSize(p0); }

    @Override
    public boolean isClosed() throws SQLException { return d.isClosed(); }
}
