package io.cqrsrouting.core.internal;

import io.cqrsrouting.core.Route;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A pooled connection tagged with the endpoint and route it was taken from. Everything is
 * delegated; the router hears of commits and closes (to record consistency tokens) and can tell a
 * transaction's bound route from the connection alone ({@code Routing.routeOf}).
 */
public final class RoutedConnection implements Connection {

    /** Callbacks from a routed connection to the router that handed it out. */
    public interface Owner {
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
    }

    private final Connection delegate;
    private final Endpoint endpoint;
    private final Route route;
    private final Owner owner;
    private final boolean tracksWrites;
    private final int slot;
    private volatile boolean closed;
    private boolean manual; // setAutoCommit(false) was called and not undone
    private boolean ranInAutocommit; // a statement was created outside manual mode

    /**
     * @param delegate the pooled connection
     * @param endpoint where it comes from
     * @param route the route it serves
     * @param owner the router to notify
     * @param tracksWrites whether commits on it advance the caller's consistency token
     */
    public RoutedConnection(Connection delegate, Endpoint endpoint, Route route, Owner owner,
            boolean tracksWrites) {
        this.delegate = delegate;
        this.endpoint = endpoint;
        this.route = route;
        this.owner = owner;
        this.tracksWrites = tracksWrites;
        this.slot = endpoint.track(this);
    }

    /** @return whether commits on this connection advance the caller's consistency token */
    public boolean tracksWrites() {
        return tracksWrites;
    }

    /**
     * @return whether a statement was created on this connection while it was not switched to
     *     manual commit: it may have written in autocommit mode. (Spring restores autocommit after
     *     a transaction before closing; that alone runs nothing and does not count.)
     */
    public boolean ranInAutocommit() {
        return ranInAutocommit;
    }

    private void ran() {
        if (!manual) {
            ranInAutocommit = true;
        }
        // A failure reported at method level is blamed on the endpoint whose connection ran the
        // last statement on this thread, not on the last one opened (a replica connection held
        // across scopes must not put the primary in writes-unavailable mode).
        RoutingContext.current().lastEndpoint(endpoint);
    }

    /** @return the route this connection serves */
    public Route route() {
        return route;
    }

    /** @return the endpoint this connection comes from */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** @return the pooled connection underneath */
    public Connection delegate() {
        return delegate;
    }

    @Override
    public void commit() throws SQLException {
        RoutingContext.current().lastEndpoint(endpoint);
        delegate.commit();
        owner.afterCommit(this);
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        endpoint.untrack(slot, this);
        try {
            owner.beforeClose(this);
        } finally {
            delegate.close();
        }
    }

    /**
     * Aborts the physical connection (the endpoint is dead); never throws.
     *
     * @return whether it was still open
     */
    boolean abortQuietly() {
        if (closed) {
            return false;
        }
        try {
            delegate.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // the endpoint is gone; the caller sees the failure on its next use
        }
        return true;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        closed = true;
        endpoint.untrack(slot, this);
        delegate.abort(executor);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "RoutedConnection[" + route + " via " + endpoint.name() + "]";
    }

    @Override
    public Statement createStatement() throws SQLException {
        ran();
        return delegate.createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String p0) throws SQLException {
        ran();
        return delegate.prepareStatement(p0);
    }

    @Override
    public CallableStatement prepareCall(String p0) throws SQLException {
        ran();
        return delegate.prepareCall(p0);
    }

    @Override
    public String nativeSQL(String p0) throws SQLException {
        return delegate.nativeSQL(p0);
    }

    @Override
    public void setAutoCommit(boolean p0) throws SQLException {
        delegate.setAutoCommit(p0);
        manual = !p0;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return delegate.getAutoCommit();
    }

    @Override
    public void rollback() throws SQLException {
        delegate.rollback();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return delegate.getMetaData();
    }

    @Override
    public void setReadOnly(boolean p0) throws SQLException {
        delegate.setReadOnly(p0);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return delegate.isReadOnly();
    }

    @Override
    public void setCatalog(String p0) throws SQLException {
        delegate.setCatalog(p0);
    }

    @Override
    public String getCatalog() throws SQLException {
        return delegate.getCatalog();
    }

    @Override
    public void setTransactionIsolation(int p0) throws SQLException {
        delegate.setTransactionIsolation(p0);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return delegate.getTransactionIsolation();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return delegate.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        delegate.clearWarnings();
    }

    @Override
    public Statement createStatement(int p0, int p1) throws SQLException {
        ran();
        return delegate.createStatement(p0, p1);
    }

    @Override
    public PreparedStatement prepareStatement(String p0, int p1, int p2) throws SQLException {
        ran();
        return delegate.prepareStatement(p0, p1, p2);
    }

    @Override
    public CallableStatement prepareCall(String p0, int p1, int p2) throws SQLException {
        ran();
        return delegate.prepareCall(p0, p1, p2);
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return delegate.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> p0) throws SQLException {
        delegate.setTypeMap(p0);
    }

    @Override
    public void setHoldability(int p0) throws SQLException {
        delegate.setHoldability(p0);
    }

    @Override
    public int getHoldability() throws SQLException {
        return delegate.getHoldability();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return delegate.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String p0) throws SQLException {
        return delegate.setSavepoint(p0);
    }

    @Override
    public void rollback(Savepoint p0) throws SQLException {
        delegate.rollback(p0);
    }

    @Override
    public void releaseSavepoint(Savepoint p0) throws SQLException {
        delegate.releaseSavepoint(p0);
    }

    @Override
    public Statement createStatement(int p0, int p1, int p2) throws SQLException {
        ran();
        return delegate.createStatement(p0, p1, p2);
    }

    @Override
    public PreparedStatement prepareStatement(String p0, int p1, int p2, int p3) throws SQLException {
        ran();
        return delegate.prepareStatement(p0, p1, p2, p3);
    }

    @Override
    public CallableStatement prepareCall(String p0, int p1, int p2, int p3) throws SQLException {
        ran();
        return delegate.prepareCall(p0, p1, p2, p3);
    }

    @Override
    public PreparedStatement prepareStatement(String p0, int p1) throws SQLException {
        ran();
        return delegate.prepareStatement(p0, p1);
    }

    @Override
    public PreparedStatement prepareStatement(String p0, int[] p1) throws SQLException {
        ran();
        return delegate.prepareStatement(p0, p1);
    }

    @Override
    public PreparedStatement prepareStatement(String p0, String[] p1) throws SQLException {
        ran();
        return delegate.prepareStatement(p0, p1);
    }

    @Override
    public Clob createClob() throws SQLException {
        return delegate.createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return delegate.createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return delegate.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return delegate.createSQLXML();
    }

    @Override
    public boolean isValid(int p0) throws SQLException {
        return delegate.isValid(p0);
    }

    @Override
    public void setClientInfo(String p0, String p1) throws SQLClientInfoException {
        delegate.setClientInfo(p0, p1);
    }

    @Override
    public void setClientInfo(Properties p0) throws SQLClientInfoException {
        delegate.setClientInfo(p0);
    }

    @Override
    public String getClientInfo(String p0) throws SQLException {
        return delegate.getClientInfo(p0);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return delegate.getClientInfo();
    }

    @Override
    public Array createArrayOf(String p0, Object[] p1) throws SQLException {
        return delegate.createArrayOf(p0, p1);
    }

    @Override
    public Struct createStruct(String p0, Object[] p1) throws SQLException {
        return delegate.createStruct(p0, p1);
    }

    @Override
    public void setSchema(String p0) throws SQLException {
        delegate.setSchema(p0);
    }

    @Override
    public String getSchema() throws SQLException {
        return delegate.getSchema();
    }

    @Override
    public void setNetworkTimeout(Executor p0, int p1) throws SQLException {
        delegate.setNetworkTimeout(p0, p1);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return delegate.getNetworkTimeout();
    }

    @Override
    public void beginRequest() throws SQLException {
        delegate.beginRequest();
    }

    @Override
    public void endRequest() throws SQLException {
        delegate.endRequest();
    }
}
