package io.cqrsrouting.benchmark.stub;

/**
 * Generated from {@link java.sql.Connection} (every abstract method answers a
 * neutral value: null, 0, false, or nothing); the stub's concrete class overrides what matters.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class AbstractStubConnection implements java.sql.Connection {

    @Override
    public void abort(java.util.concurrent.Executor p0) throws java.sql.SQLException {
    }

    @Override
    public void clearWarnings() throws java.sql.SQLException {
    }

    @Override
    public void close() throws java.sql.SQLException {
    }

    @Override
    public void commit() throws java.sql.SQLException {
    }

    @Override
    public java.sql.Array createArrayOf(java.lang.String p0, java.lang.Object[] p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Blob createBlob() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Clob createClob() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.NClob createNClob() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.SQLXML createSQLXML() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Statement createStatement() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Statement createStatement(int p0, int p1, int p2) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Statement createStatement(int p0, int p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Struct createStruct(java.lang.String p0, java.lang.Object[] p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public boolean getAutoCommit() throws java.sql.SQLException {
        return false;
    }

    @Override
    public java.lang.String getCatalog() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.util.Properties getClientInfo() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.lang.String getClientInfo(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public int getHoldability() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public java.sql.DatabaseMetaData getMetaData() throws java.sql.SQLException {
        return null;
    }

    @Override
    public int getNetworkTimeout() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public java.lang.String getSchema() throws java.sql.SQLException {
        return null;
    }

    @Override
    public int getTransactionIsolation() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public java.util.Map<java.lang.String, java.lang.Class<?>> getTypeMap() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.SQLWarning getWarnings() throws java.sql.SQLException {
        return null;
    }

    @Override
    public boolean isClosed() throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean isReadOnly() throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean isValid(int p0) throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean isWrapperFor(java.lang.Class<?> p0) throws java.sql.SQLException {
        return false;
    }

    @Override
    public java.lang.String nativeSQL(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(java.lang.String p0, int p1, int p2, int p3) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(java.lang.String p0, int p1, int p2) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.CallableStatement prepareCall(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String p0, int[] p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String p0, java.lang.String[] p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String p0, int p1, int p2, int p3) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String p0, int p1, int p2) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String p0, int p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public void releaseSavepoint(java.sql.Savepoint p0) throws java.sql.SQLException {
    }

    @Override
    public void rollback() throws java.sql.SQLException {
    }

    @Override
    public void rollback(java.sql.Savepoint p0) throws java.sql.SQLException {
    }

    @Override
    public void setAutoCommit(boolean p0) throws java.sql.SQLException {
    }

    @Override
    public void setCatalog(java.lang.String p0) throws java.sql.SQLException {
    }

    @Override
    public void setClientInfo(java.lang.String p0, java.lang.String p1) throws java.sql.SQLClientInfoException {
    }

    @Override
    public void setClientInfo(java.util.Properties p0) throws java.sql.SQLClientInfoException {
    }

    @Override
    public void setHoldability(int p0) throws java.sql.SQLException {
    }

    @Override
    public void setNetworkTimeout(java.util.concurrent.Executor p0, int p1) throws java.sql.SQLException {
    }

    @Override
    public void setReadOnly(boolean p0) throws java.sql.SQLException {
    }

    @Override
    public java.sql.Savepoint setSavepoint() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Savepoint setSavepoint(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public void setSchema(java.lang.String p0) throws java.sql.SQLException {
    }

    @Override
    public void setTransactionIsolation(int p0) throws java.sql.SQLException {
    }

    @Override
    public void setTypeMap(java.util.Map<java.lang.String, java.lang.Class<?>> p0) throws java.sql.SQLException {
    }

    @Override
    public <T> T unwrap(java.lang.Class<T> p0) throws java.sql.SQLException {
        return null;
    }
}
