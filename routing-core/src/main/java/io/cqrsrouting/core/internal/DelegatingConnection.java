package io.cqrsrouting.core.internal;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The part of {@link RoutedConnection} that only forwards: every {@link Connection} method whose
 * behaviour the router does not change, to the pooled connection underneath. Kept apart so the
 * routed connection shows only what it decides; the calls are monomorphic and inlined.
 */
abstract class DelegatingConnection implements Connection {

    /** The pooled connection; replaced only when a held replica connection is switched. */
    Connection delegate;

    DelegatingConnection(Connection delegate) {
        this.delegate = delegate;
    }

    @Override
    public String nativeSQL(String p0) throws SQLException { return delegate.nativeSQL(p0); }
    @Override
    public boolean getAutoCommit() throws SQLException { return delegate.getAutoCommit(); }
    @Override
    public boolean isClosed() throws SQLException { return delegate.isClosed(); }
    @Override
    public boolean isReadOnly() throws SQLException { return delegate.isReadOnly(); }
    @Override
    public void setCatalog(String p0) throws SQLException { delegate.setCatalog(p0); }
    @Override
    public String getCatalog() throws SQLException { return delegate.getCatalog(); }
    @Override
    public int getTransactionIsolation() throws SQLException {
        return delegate.getTransactionIsolation();
    }
    @Override
    public SQLWarning getWarnings() throws SQLException { return delegate.getWarnings(); }
    @Override
    public void clearWarnings() throws SQLException { delegate.clearWarnings(); }
    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException { return delegate.getTypeMap(); }
    @Override
    public void setTypeMap(Map<String, Class<?>> p0) throws SQLException {
        delegate.setTypeMap(p0);
    }
    @Override
    public void setHoldability(int p0) throws SQLException { delegate.setHoldability(p0); }
    @Override
    public int getHoldability() throws SQLException { return delegate.getHoldability(); }
    @Override
    public Savepoint setSavepoint() throws SQLException { return delegate.setSavepoint(); }
    @Override
    public Savepoint setSavepoint(String p0) throws SQLException {
        return delegate.setSavepoint(p0);
    }
    @Override
    public void releaseSavepoint(Savepoint p0) throws SQLException {
        delegate.releaseSavepoint(p0);
    }
    @Override
    public Clob createClob() throws SQLException { return delegate.createClob(); }
    @Override
    public Blob createBlob() throws SQLException { return delegate.createBlob(); }
    @Override
    public NClob createNClob() throws SQLException { return delegate.createNClob(); }
    @Override
    public SQLXML createSQLXML() throws SQLException { return delegate.createSQLXML(); }
    @Override
    public boolean isValid(int p0) throws SQLException { return delegate.isValid(p0); }
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
    public Properties getClientInfo() throws SQLException { return delegate.getClientInfo(); }
    @Override
    public Array createArrayOf(String p0, Object[] p1) throws SQLException {
        return delegate.createArrayOf(p0, p1);
    }
    @Override
    public Struct createStruct(String p0, Object[] p1) throws SQLException {
        return delegate.createStruct(p0, p1);
    }
    @Override
    public void setSchema(String p0) throws SQLException { delegate.setSchema(p0); }
    @Override
    public String getSchema() throws SQLException { return delegate.getSchema(); }
    @Override
    public void setNetworkTimeout(Executor p0, int p1) throws SQLException {
        delegate.setNetworkTimeout(p0, p1);
    }
    @Override
    public int getNetworkTimeout() throws SQLException { return delegate.getNetworkTimeout(); }
    @Override
    public void beginRequest() throws SQLException { delegate.beginRequest(); }
    @Override
    public void endRequest() throws SQLException { delegate.endRequest(); }
}
