package io.cqrsrouting.benchmark.stub;

/**
 * Generated from {@link java.sql.CallableStatement} (every abstract method answers a
 * neutral value: null, 0, false, or nothing); the stub's concrete class overrides what matters.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class AbstractStubStatement implements java.sql.CallableStatement {

    @Override
    public void addBatch() throws java.sql.SQLException {
    }

    @Override
    public void addBatch(java.lang.String p0) throws java.sql.SQLException {
    }

    @Override
    public void cancel() throws java.sql.SQLException {
    }

    @Override
    public void clearBatch() throws java.sql.SQLException {
    }

    @Override
    public void clearParameters() throws java.sql.SQLException {
    }

    @Override
    public void clearWarnings() throws java.sql.SQLException {
    }

    @Override
    public void close() throws java.sql.SQLException {
    }

    @Override
    public void closeOnCompletion() throws java.sql.SQLException {
    }

    @Override
    public boolean execute() throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean execute(java.lang.String p0, int[] p1) throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean execute(java.lang.String p0, java.lang.String[] p1) throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean execute(java.lang.String p0, int p1) throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean execute(java.lang.String p0) throws java.sql.SQLException {
        return false;
    }

    @Override
    public int[] executeBatch() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.ResultSet executeQuery() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.ResultSet executeQuery(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public int executeUpdate() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public int executeUpdate(java.lang.String p0, int[] p1) throws java.sql.SQLException {
        return 0;
    }

    @Override
    public int executeUpdate(java.lang.String p0, java.lang.String[] p1) throws java.sql.SQLException {
        return 0;
    }

    @Override
    public int executeUpdate(java.lang.String p0, int p1) throws java.sql.SQLException {
        return 0;
    }

    @Override
    public int executeUpdate(java.lang.String p0) throws java.sql.SQLException {
        return 0;
    }

    @Override
    public java.sql.Array getArray(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Array getArray(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.math.BigDecimal getBigDecimal(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int p0, int p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Blob getBlob(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Blob getBlob(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public boolean getBoolean(java.lang.String p0) throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean getBoolean(int p0) throws java.sql.SQLException {
        return false;
    }

    @Override
    public byte getByte(java.lang.String p0) throws java.sql.SQLException {
        return (byte) 0;
    }

    @Override
    public byte getByte(int p0) throws java.sql.SQLException {
        return (byte) 0;
    }

    @Override
    public byte[] getBytes(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public byte[] getBytes(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.io.Reader getCharacterStream(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.io.Reader getCharacterStream(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Clob getClob(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Clob getClob(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Connection getConnection() throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Date getDate(java.lang.String p0, java.util.Calendar p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Date getDate(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Date getDate(int p0, java.util.Calendar p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Date getDate(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public double getDouble(java.lang.String p0) throws java.sql.SQLException {
        return 0d;
    }

    @Override
    public double getDouble(int p0) throws java.sql.SQLException {
        return 0d;
    }

    @Override
    public int getFetchDirection() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public int getFetchSize() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public float getFloat(java.lang.String p0) throws java.sql.SQLException {
        return 0f;
    }

    @Override
    public float getFloat(int p0) throws java.sql.SQLException {
        return 0f;
    }

    @Override
    public java.sql.ResultSet getGeneratedKeys() throws java.sql.SQLException {
        return null;
    }

    @Override
    public int getInt(java.lang.String p0) throws java.sql.SQLException {
        return 0;
    }

    @Override
    public int getInt(int p0) throws java.sql.SQLException {
        return 0;
    }

    @Override
    public long getLong(java.lang.String p0) throws java.sql.SQLException {
        return 0L;
    }

    @Override
    public long getLong(int p0) throws java.sql.SQLException {
        return 0L;
    }

    @Override
    public int getMaxFieldSize() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public int getMaxRows() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public java.sql.ResultSetMetaData getMetaData() throws java.sql.SQLException {
        return null;
    }

    @Override
    public boolean getMoreResults() throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean getMoreResults(int p0) throws java.sql.SQLException {
        return false;
    }

    @Override
    public java.io.Reader getNCharacterStream(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.io.Reader getNCharacterStream(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.NClob getNClob(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.NClob getNClob(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.lang.String getNString(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.lang.String getNString(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public <T> T getObject(java.lang.String p0, java.lang.Class<T> p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.lang.Object getObject(java.lang.String p0, java.util.Map<java.lang.String, java.lang.Class<?>> p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.lang.Object getObject(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public <T> T getObject(int p0, java.lang.Class<T> p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.lang.Object getObject(int p0, java.util.Map<java.lang.String, java.lang.Class<?>> p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.lang.Object getObject(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.ParameterMetaData getParameterMetaData() throws java.sql.SQLException {
        return null;
    }

    @Override
    public int getQueryTimeout() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public java.sql.Ref getRef(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Ref getRef(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.ResultSet getResultSet() throws java.sql.SQLException {
        return null;
    }

    @Override
    public int getResultSetConcurrency() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public int getResultSetHoldability() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public int getResultSetType() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public java.sql.RowId getRowId(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.RowId getRowId(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.SQLXML getSQLXML(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.SQLXML getSQLXML(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public short getShort(java.lang.String p0) throws java.sql.SQLException {
        return (short) 0;
    }

    @Override
    public short getShort(int p0) throws java.sql.SQLException {
        return (short) 0;
    }

    @Override
    public java.lang.String getString(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.lang.String getString(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Time getTime(java.lang.String p0, java.util.Calendar p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Time getTime(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Time getTime(int p0, java.util.Calendar p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Time getTime(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Timestamp getTimestamp(java.lang.String p0, java.util.Calendar p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Timestamp getTimestamp(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Timestamp getTimestamp(int p0, java.util.Calendar p1) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.sql.Timestamp getTimestamp(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.net.URL getURL(java.lang.String p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public java.net.URL getURL(int p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public int getUpdateCount() throws java.sql.SQLException {
        return 0;
    }

    @Override
    public java.sql.SQLWarning getWarnings() throws java.sql.SQLException {
        return null;
    }

    @Override
    public boolean isCloseOnCompletion() throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean isClosed() throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean isPoolable() throws java.sql.SQLException {
        return false;
    }

    @Override
    public boolean isWrapperFor(java.lang.Class<?> p0) throws java.sql.SQLException {
        return false;
    }

    @Override
    public void registerOutParameter(java.lang.String p0, int p1, java.lang.String p2) throws java.sql.SQLException {
    }

    @Override
    public void registerOutParameter(java.lang.String p0, int p1, int p2) throws java.sql.SQLException {
    }

    @Override
    public void registerOutParameter(java.lang.String p0, int p1) throws java.sql.SQLException {
    }

    @Override
    public void registerOutParameter(int p0, int p1, java.lang.String p2) throws java.sql.SQLException {
    }

    @Override
    public void registerOutParameter(int p0, int p1, int p2) throws java.sql.SQLException {
    }

    @Override
    public void registerOutParameter(int p0, int p1) throws java.sql.SQLException {
    }

    @Override
    public void setArray(int p0, java.sql.Array p1) throws java.sql.SQLException {
    }

    @Override
    public void setAsciiStream(java.lang.String p0, java.io.InputStream p1, int p2) throws java.sql.SQLException {
    }

    @Override
    public void setAsciiStream(java.lang.String p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setAsciiStream(java.lang.String p0, java.io.InputStream p1) throws java.sql.SQLException {
    }

    @Override
    public void setAsciiStream(int p0, java.io.InputStream p1, int p2) throws java.sql.SQLException {
    }

    @Override
    public void setAsciiStream(int p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setAsciiStream(int p0, java.io.InputStream p1) throws java.sql.SQLException {
    }

    @Override
    public void setBigDecimal(java.lang.String p0, java.math.BigDecimal p1) throws java.sql.SQLException {
    }

    @Override
    public void setBigDecimal(int p0, java.math.BigDecimal p1) throws java.sql.SQLException {
    }

    @Override
    public void setBinaryStream(java.lang.String p0, java.io.InputStream p1, int p2) throws java.sql.SQLException {
    }

    @Override
    public void setBinaryStream(java.lang.String p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setBinaryStream(java.lang.String p0, java.io.InputStream p1) throws java.sql.SQLException {
    }

    @Override
    public void setBinaryStream(int p0, java.io.InputStream p1, int p2) throws java.sql.SQLException {
    }

    @Override
    public void setBinaryStream(int p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setBinaryStream(int p0, java.io.InputStream p1) throws java.sql.SQLException {
    }

    @Override
    public void setBlob(java.lang.String p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setBlob(java.lang.String p0, java.io.InputStream p1) throws java.sql.SQLException {
    }

    @Override
    public void setBlob(java.lang.String p0, java.sql.Blob p1) throws java.sql.SQLException {
    }

    @Override
    public void setBlob(int p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setBlob(int p0, java.io.InputStream p1) throws java.sql.SQLException {
    }

    @Override
    public void setBlob(int p0, java.sql.Blob p1) throws java.sql.SQLException {
    }

    @Override
    public void setBoolean(java.lang.String p0, boolean p1) throws java.sql.SQLException {
    }

    @Override
    public void setBoolean(int p0, boolean p1) throws java.sql.SQLException {
    }

    @Override
    public void setByte(java.lang.String p0, byte p1) throws java.sql.SQLException {
    }

    @Override
    public void setByte(int p0, byte p1) throws java.sql.SQLException {
    }

    @Override
    public void setBytes(java.lang.String p0, byte[] p1) throws java.sql.SQLException {
    }

    @Override
    public void setBytes(int p0, byte[] p1) throws java.sql.SQLException {
    }

    @Override
    public void setCharacterStream(java.lang.String p0, java.io.Reader p1, int p2) throws java.sql.SQLException {
    }

    @Override
    public void setCharacterStream(java.lang.String p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setCharacterStream(java.lang.String p0, java.io.Reader p1) throws java.sql.SQLException {
    }

    @Override
    public void setCharacterStream(int p0, java.io.Reader p1, int p2) throws java.sql.SQLException {
    }

    @Override
    public void setCharacterStream(int p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setCharacterStream(int p0, java.io.Reader p1) throws java.sql.SQLException {
    }

    @Override
    public void setClob(java.lang.String p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setClob(java.lang.String p0, java.io.Reader p1) throws java.sql.SQLException {
    }

    @Override
    public void setClob(java.lang.String p0, java.sql.Clob p1) throws java.sql.SQLException {
    }

    @Override
    public void setClob(int p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setClob(int p0, java.io.Reader p1) throws java.sql.SQLException {
    }

    @Override
    public void setClob(int p0, java.sql.Clob p1) throws java.sql.SQLException {
    }

    @Override
    public void setCursorName(java.lang.String p0) throws java.sql.SQLException {
    }

    @Override
    public void setDate(java.lang.String p0, java.sql.Date p1, java.util.Calendar p2) throws java.sql.SQLException {
    }

    @Override
    public void setDate(java.lang.String p0, java.sql.Date p1) throws java.sql.SQLException {
    }

    @Override
    public void setDate(int p0, java.sql.Date p1, java.util.Calendar p2) throws java.sql.SQLException {
    }

    @Override
    public void setDate(int p0, java.sql.Date p1) throws java.sql.SQLException {
    }

    @Override
    public void setDouble(java.lang.String p0, double p1) throws java.sql.SQLException {
    }

    @Override
    public void setDouble(int p0, double p1) throws java.sql.SQLException {
    }

    @Override
    public void setEscapeProcessing(boolean p0) throws java.sql.SQLException {
    }

    @Override
    public void setFetchDirection(int p0) throws java.sql.SQLException {
    }

    @Override
    public void setFetchSize(int p0) throws java.sql.SQLException {
    }

    @Override
    public void setFloat(java.lang.String p0, float p1) throws java.sql.SQLException {
    }

    @Override
    public void setFloat(int p0, float p1) throws java.sql.SQLException {
    }

    @Override
    public void setInt(java.lang.String p0, int p1) throws java.sql.SQLException {
    }

    @Override
    public void setInt(int p0, int p1) throws java.sql.SQLException {
    }

    @Override
    public void setLong(java.lang.String p0, long p1) throws java.sql.SQLException {
    }

    @Override
    public void setLong(int p0, long p1) throws java.sql.SQLException {
    }

    @Override
    public void setMaxFieldSize(int p0) throws java.sql.SQLException {
    }

    @Override
    public void setMaxRows(int p0) throws java.sql.SQLException {
    }

    @Override
    public void setNCharacterStream(java.lang.String p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setNCharacterStream(java.lang.String p0, java.io.Reader p1) throws java.sql.SQLException {
    }

    @Override
    public void setNCharacterStream(int p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setNCharacterStream(int p0, java.io.Reader p1) throws java.sql.SQLException {
    }

    @Override
    public void setNClob(java.lang.String p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setNClob(java.lang.String p0, java.io.Reader p1) throws java.sql.SQLException {
    }

    @Override
    public void setNClob(java.lang.String p0, java.sql.NClob p1) throws java.sql.SQLException {
    }

    @Override
    public void setNClob(int p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
    }

    @Override
    public void setNClob(int p0, java.io.Reader p1) throws java.sql.SQLException {
    }

    @Override
    public void setNClob(int p0, java.sql.NClob p1) throws java.sql.SQLException {
    }

    @Override
    public void setNString(java.lang.String p0, java.lang.String p1) throws java.sql.SQLException {
    }

    @Override
    public void setNString(int p0, java.lang.String p1) throws java.sql.SQLException {
    }

    @Override
    public void setNull(java.lang.String p0, int p1, java.lang.String p2) throws java.sql.SQLException {
    }

    @Override
    public void setNull(java.lang.String p0, int p1) throws java.sql.SQLException {
    }

    @Override
    public void setNull(int p0, int p1, java.lang.String p2) throws java.sql.SQLException {
    }

    @Override
    public void setNull(int p0, int p1) throws java.sql.SQLException {
    }

    @Override
    public void setObject(java.lang.String p0, java.lang.Object p1, int p2, int p3) throws java.sql.SQLException {
    }

    @Override
    public void setObject(java.lang.String p0, java.lang.Object p1, int p2) throws java.sql.SQLException {
    }

    @Override
    public void setObject(java.lang.String p0, java.lang.Object p1) throws java.sql.SQLException {
    }

    @Override
    public void setObject(int p0, java.lang.Object p1, int p2, int p3) throws java.sql.SQLException {
    }

    @Override
    public void setObject(int p0, java.lang.Object p1, int p2) throws java.sql.SQLException {
    }

    @Override
    public void setObject(int p0, java.lang.Object p1) throws java.sql.SQLException {
    }

    @Override
    public void setPoolable(boolean p0) throws java.sql.SQLException {
    }

    @Override
    public void setQueryTimeout(int p0) throws java.sql.SQLException {
    }

    @Override
    public void setRef(int p0, java.sql.Ref p1) throws java.sql.SQLException {
    }

    @Override
    public void setRowId(java.lang.String p0, java.sql.RowId p1) throws java.sql.SQLException {
    }

    @Override
    public void setRowId(int p0, java.sql.RowId p1) throws java.sql.SQLException {
    }

    @Override
    public void setSQLXML(java.lang.String p0, java.sql.SQLXML p1) throws java.sql.SQLException {
    }

    @Override
    public void setSQLXML(int p0, java.sql.SQLXML p1) throws java.sql.SQLException {
    }

    @Override
    public void setShort(java.lang.String p0, short p1) throws java.sql.SQLException {
    }

    @Override
    public void setShort(int p0, short p1) throws java.sql.SQLException {
    }

    @Override
    public void setString(java.lang.String p0, java.lang.String p1) throws java.sql.SQLException {
    }

    @Override
    public void setString(int p0, java.lang.String p1) throws java.sql.SQLException {
    }

    @Override
    public void setTime(java.lang.String p0, java.sql.Time p1, java.util.Calendar p2) throws java.sql.SQLException {
    }

    @Override
    public void setTime(java.lang.String p0, java.sql.Time p1) throws java.sql.SQLException {
    }

    @Override
    public void setTime(int p0, java.sql.Time p1, java.util.Calendar p2) throws java.sql.SQLException {
    }

    @Override
    public void setTime(int p0, java.sql.Time p1) throws java.sql.SQLException {
    }

    @Override
    public void setTimestamp(java.lang.String p0, java.sql.Timestamp p1, java.util.Calendar p2) throws java.sql.SQLException {
    }

    @Override
    public void setTimestamp(java.lang.String p0, java.sql.Timestamp p1) throws java.sql.SQLException {
    }

    @Override
    public void setTimestamp(int p0, java.sql.Timestamp p1, java.util.Calendar p2) throws java.sql.SQLException {
    }

    @Override
    public void setTimestamp(int p0, java.sql.Timestamp p1) throws java.sql.SQLException {
    }

    @Override
    public void setURL(java.lang.String p0, java.net.URL p1) throws java.sql.SQLException {
    }

    @Override
    public void setURL(int p0, java.net.URL p1) throws java.sql.SQLException {
    }

    @Override
    public void setUnicodeStream(int p0, java.io.InputStream p1, int p2) throws java.sql.SQLException {
    }

    @Override
    public <T> T unwrap(java.lang.Class<T> p0) throws java.sql.SQLException {
        return null;
    }

    @Override
    public boolean wasNull() throws java.sql.SQLException {
        return false;
    }
}
