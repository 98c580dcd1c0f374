package io.cqrsrouting.core.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A result set of a wrapped primary statement: {@link #getStatement()} returns that statement, so
 * a commit made through {@code resultSet.getStatement().getConnection()} is seen by the router.
 * Everything else is delegated (generated; the bodies are one-line delegations).
 */
final class RoutedResultSet implements ResultSet {

    private final ResultSet d;
    private final Statement statement;

    private RoutedResultSet(ResultSet delegate, Statement statement) {
        this.d = delegate;
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

    // ---------------------------------------------------------------- delegated

    @Override
    public boolean next() throws SQLException { return d.next(); }

    @Override
    public void close() throws SQLException { d.close(); }

    @Override
    public boolean wasNull() throws SQLException { return d.wasNull(); }

    @Override
    public String getString(int p0) throws SQLException { return d.getString(p0); }

    @Override
    public boolean getBoolean(int p0) throws SQLException { return d.getBoolean(p0); }

    @Override
    public byte getByte(int p0) throws SQLException { return d.getByte(p0); }

    @Override
    public short getShort(int p0) throws SQLException { return d.getShort(p0); }

    @Override
    public int getInt(int p0) throws SQLException { return d.getInt(p0); }

    @Override
    public long getLong(int p0) throws SQLException { return d.getLong(p0); }

    @Override
    public float getFloat(int p0) throws SQLException { return d.getFloat(p0); }

    @Override
    public double getDouble(int p0) throws SQLException { return d.getDouble(p0); }

    @Override
    public BigDecimal getBigDecimal(int p0, int p1) throws SQLException { return d.getBigDecimal(p0, p1); }

    @Override
    public byte[] getBytes(int p0) throws SQLException { return d.getBytes(p0); }

    @Override
    public Date getDate(int p0) throws SQLException { return d.getDate(p0); }

    @Override
    public Time getTime(int p0) throws SQLException { return d.getTime(p0); }

    @Override
    public Timestamp getTimestamp(int p0) throws SQLException { return d.getTimestamp(p0); }

    @Override
    public InputStream getAsciiStream(int p0) throws SQLException { return d.getAsciiStream(p0); }

    @Override
    public InputStream getUnicodeStream(int p0) throws SQLException { return d.getUnicodeStream(p0); }

    @Override
    public InputStream getBinaryStream(int p0) throws SQLException { return d.getBinaryStream(p0); }

    @Override
    public String getString(String p0) throws SQLException { return d.getString(p0); }

    @Override
    public boolean getBoolean(String p0) throws SQLException { return d.getBoolean(p0); }

    @Override
    public byte getByte(String p0) throws SQLException { return d.getByte(p0); }

    @Override
    public short getShort(String p0) throws SQLException { return d.getShort(p0); }

    @Override
    public int getInt(String p0) throws SQLException { return d.getInt(p0); }

    @Override
    public long getLong(String p0) throws SQLException { return d.getLong(p0); }

    @Override
    public float getFloat(String p0) throws SQLException { return d.getFloat(p0); }

    @Override
    public double getDouble(String p0) throws SQLException { return d.getDouble(p0); }

    @Override
    public BigDecimal getBigDecimal(String p0, int p1) throws SQLException { return d.getBigDecimal(p0, p1); }

    @Override
    public byte[] getBytes(String p0) throws SQLException { return d.getBytes(p0); }

    @Override
    public Date getDate(String p0) throws SQLException { return d.getDate(p0); }

    @Override
    public Time getTime(String p0) throws SQLException { return d.getTime(p0); }

    @Override
    public Timestamp getTimestamp(String p0) throws SQLException { return d.getTimestamp(p0); }

    @Override
    public InputStream getAsciiStream(String p0) throws SQLException { return d.getAsciiStream(p0); }

    @Override
    public InputStream getUnicodeStream(String p0) throws SQLException { return d.getUnicodeStream(p0); }

    @Override
    public InputStream getBinaryStream(String p0) throws SQLException { return d.getBinaryStream(p0); }

    @Override
    public SQLWarning getWarnings() throws SQLException { return d.getWarnings(); }

    @Override
    public void clearWarnings() throws SQLException { d.clearWarnings(); }

    @Override
    public String getCursorName() throws SQLException { return d.getCursorName(); }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException { return d.getMetaData(); }

    @Override
    public Object getObject(int p0) throws SQLException { return d.getObject(p0); }

    @Override
    public Object getObject(String p0) throws SQLException { return d.getObject(p0); }

    @Override
    public int findColumn(String p0) throws SQLException { return d.findColumn(p0); }

    @Override
    public Reader getCharacterStream(int p0) throws SQLException { return d.getCharacterStream(p0); }

    @Override
    public Reader getCharacterStream(String p0) throws SQLException { return d.getCharacterStream(p0); }

    @Override
    public BigDecimal getBigDecimal(int p0) throws SQLException { return d.getBigDecimal(p0); }

    @Override
    public BigDecimal getBigDecimal(String p0) throws SQLException { return d.getBigDecimal(p0); }

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
    public int getRow() throws SQLException { return d.getRow(); }

    @Override
    public boolean absolute(int p0) throws SQLException { return d.absolute(p0); }

    @Override
    public boolean relative(int p0) throws SQLException { return d.relative(p0); }

    @Override
    public boolean previous() throws SQLException { return d.previous(); }

    @Override
    public void setFetchDirection(int p0) throws SQLException { d.setFetchDirection(p0); }

    @Override
    public int getFetchDirection() throws SQLException { return d.getFetchDirection(); }

    @Override
    public void setFetchSize(int p0) throws SQLException { d.setFetchSize(p0); }

    @Override
    public int getFetchSize() throws SQLException { return d.getFetchSize(); }

    @Override
    public int getType() throws SQLException { return d.getType(); }

    @Override
    public int getConcurrency() throws SQLException { return d.getConcurrency(); }

    @Override
    public boolean rowUpdated() throws SQLException { return d.rowUpdated(); }

    @Override
    public boolean rowInserted() throws SQLException { return d.rowInserted(); }

    @Override
    public boolean rowDeleted() throws SQLException { return d.rowDeleted(); }

    @Override
    public void updateNull(int p0) throws SQLException { d.updateNull(p0); }

    @Override
    public void updateBoolean(int p0, boolean p1) throws SQLException { d.updateBoolean(p0, p1); }

    @Override
    public void updateByte(int p0, byte p1) throws SQLException { d.updateByte(p0, p1); }

    @Override
    public void updateShort(int p0, short p1) throws SQLException { d.updateShort(p0, p1); }

    @Override
    public void updateInt(int p0, int p1) throws SQLException { d.updateInt(p0, p1); }

    @Override
    public void updateLong(int p0, long p1) throws SQLException { d.updateLong(p0, p1); }

    @Override
    public void updateFloat(int p0, float p1) throws SQLException { d.updateFloat(p0, p1); }

    @Override
    public void updateDouble(int p0, double p1) throws SQLException { d.updateDouble(p0, p1); }

    @Override
    public void updateBigDecimal(int p0, BigDecimal p1) throws SQLException { d.updateBigDecimal(p0, p1); }

    @Override
    public void updateString(int p0, String p1) throws SQLException { d.updateString(p0, p1); }

    @Override
    public void updateBytes(int p0, byte[] p1) throws SQLException { d.updateBytes(p0, p1); }

    @Override
    public void updateDate(int p0, Date p1) throws SQLException { d.updateDate(p0, p1); }

    @Override
    public void updateTime(int p0, Time p1) throws SQLException { d.updateTime(p0, p1); }

    @Override
    public void updateTimestamp(int p0, Timestamp p1) throws SQLException { d.updateTimestamp(p0, p1); }

    @Override
    public void updateAsciiStream(int p0, InputStream p1, int p2) throws SQLException { d.updateAsciiStream(p0, p1, p2); }

    @Override
    public void updateBinaryStream(int p0, InputStream p1, int p2) throws SQLException { d.updateBinaryStream(p0, p1, p2); }

    @Override
    public void updateCharacterStream(int p0, Reader p1, int p2) throws SQLException { d.updateCharacterStream(p0, p1, p2); }

    @Override
    public void updateObject(int p0, Object p1, int p2) throws SQLException { d.updateObject(p0, p1, p2); }

    @Override
    public void updateObject(int p0, Object p1) throws SQLException { d.updateObject(p0, p1); }

    @Override
    public void updateNull(String p0) throws SQLException { d.updateNull(p0); }

    @Override
    public void updateBoolean(String p0, boolean p1) throws SQLException { d.updateBoolean(p0, p1); }

    @Override
    public void updateByte(String p0, byte p1) throws SQLException { d.updateByte(p0, p1); }

    @Override
    public void updateShort(String p0, short p1) throws SQLException { d.updateShort(p0, p1); }

    @Override
    public void updateInt(String p0, int p1) throws SQLException { d.updateInt(p0, p1); }

    @Override
    public void updateLong(String p0, long p1) throws SQLException { d.updateLong(p0, p1); }

    @Override
    public void updateFloat(String p0, float p1) throws SQLException { d.updateFloat(p0, p1); }

    @Override
    public void updateDouble(String p0, double p1) throws SQLException { d.updateDouble(p0, p1); }

    @Override
    public void updateBigDecimal(String p0, BigDecimal p1) throws SQLException { d.updateBigDecimal(p0, p1); }

    @Override
    public void updateString(String p0, String p1) throws SQLException { d.updateString(p0, p1); }

    @Override
    public void updateBytes(String p0, byte[] p1) throws SQLException { d.updateBytes(p0, p1); }

    @Override
    public void updateDate(String p0, Date p1) throws SQLException { d.updateDate(p0, p1); }

    @Override
    public void updateTime(String p0, Time p1) throws SQLException { d.updateTime(p0, p1); }

    @Override
    public void updateTimestamp(String p0, Timestamp p1) throws SQLException { d.updateTimestamp(p0, p1); }

    @Override
    public void updateAsciiStream(String p0, InputStream p1, int p2) throws SQLException { d.updateAsciiStream(p0, p1, p2); }

    @Override
    public void updateBinaryStream(String p0, InputStream p1, int p2) throws SQLException { d.updateBinaryStream(p0, p1, p2); }

    @Override
    public void updateCharacterStream(String p0, Reader p1, int p2) throws SQLException { d.updateCharacterStream(p0, p1, p2); }

    @Override
    public void updateObject(String p0, Object p1, int p2) throws SQLException { d.updateObject(p0, p1, p2); }

    @Override
    public void updateObject(String p0, Object p1) throws SQLException { d.updateObject(p0, p1); }

    @Override
    public void insertRow() throws SQLException { d.insertRow(); }

    @Override
    public void updateRow() throws SQLException { d.updateRow(); }

    @Override
    public void deleteRow() throws SQLException { d.deleteRow(); }

    @Override
    public void refreshRow() throws SQLException { d.refreshRow(); }

    @Override
    public void cancelRowUpdates() throws SQLException { d.cancelRowUpdates(); }

    @Override
    public void moveToInsertRow() throws SQLException { d.moveToInsertRow(); }

    @Override
    public void moveToCurrentRow() throws SQLException { d.moveToCurrentRow(); }

    @Override
    public Object getObject(int p0, Map<String, Class<?>> p1) throws SQLException { return d.getObject(p0, p1); }

    @Override
    public Ref getRef(int p0) throws SQLException { return d.getRef(p0); }

    @Override
    public Blob getBlob(int p0) throws SQLException { return d.getBlob(p0); }

    @Override
    public Clob getClob(int p0) throws SQLException { return d.getClob(p0); }

    @Override
    public Array getArray(int p0) throws SQLException { return d.getArray(p0); }

    @Override
    public Object getObject(String p0, Map<String, Class<?>> p1) throws SQLException { return d.getObject(p0, p1); }

    @Override
    public Ref getRef(String p0) throws SQLException { return d.getRef(p0); }

    @Override
    public Blob getBlob(String p0) throws SQLException { return d.getBlob(p0); }

    @Override
    public Clob getClob(String p0) throws SQLException { return d.getClob(p0); }

    @Override
    public Array getArray(String p0) throws SQLException { return d.getArray(p0); }

    @Override
    public Date getDate(int p0, Calendar p1) throws SQLException { return d.getDate(p0, p1); }

    @Override
    public Date getDate(String p0, Calendar p1) throws SQLException { return d.getDate(p0, p1); }

    @Override
    public Time getTime(int p0, Calendar p1) throws SQLException { return d.getTime(p0, p1); }

    @Override
    public Time getTime(String p0, Calendar p1) throws SQLException { return d.getTime(p0, p1); }

    @Override
    public Timestamp getTimestamp(int p0, Calendar p1) throws SQLException { return d.getTimestamp(p0, p1); }

    @Override
    public Timestamp getTimestamp(String p0, Calendar p1) throws SQLException { return d.getTimestamp(p0, p1); }

    @Override
    public URL getURL(int p0) throws SQLException { return d.getURL(p0); }

    @Override
    public URL getURL(String p0) throws SQLException { return d.getURL(p0); }

    @Override
    public void updateRef(int p0, Ref p1) throws SQLException { d.updateRef(p0, p1); }

    @Override
    public void updateRef(String p0, Ref p1) throws SQLException { d.updateRef(p0, p1); }

    @Override
    public void updateBlob(int p0, Blob p1) throws SQLException { d.updateBlob(p0, p1); }

    @Override
    public void updateBlob(String p0, Blob p1) throws SQLException { d.updateBlob(p0, p1); }

    @Override
    public void updateClob(int p0, Clob p1) throws SQLException { d.updateClob(p0, p1); }

    @Override
    public void updateClob(String p0, Clob p1) throws SQLException { d.updateClob(p0, p1); }

    @Override
    public void updateArray(int p0, Array p1) throws SQLException { d.updateArray(p0, p1); }

    @Override
    public void updateArray(String p0, Array p1) throws SQLException { d.updateArray(p0, p1); }

    @Override
    public RowId getRowId(int p0) throws SQLException { return d.getRowId(p0); }

    @Override
    public RowId getRowId(String p0) throws SQLException { return d.getRowId(p0); }

    @Override
    public void updateRowId(int p0, RowId p1) throws SQLException { d.updateRowId(p0, p1); }

    @Override
    public void updateRowId(String p0, RowId p1) throws SQLException { d.updateRowId(p0, p1); }

    @Override
    public int getHoldability() throws SQLException { return d.getHoldability(); }

    @Override
    public boolean isClosed() throws SQLException { return d.isClosed(); }

    @Override
    public void updateNString(int p0, String p1) throws SQLException { d.updateNString(p0, p1); }

    @Override
    public void updateNString(String p0, String p1) throws SQLException { d.updateNString(p0, p1); }

    @Override
    public void updateNClob(int p0, NClob p1) throws SQLException { d.updateNClob(p0, p1); }

    @Override
    public void updateNClob(String p0, NClob p1) throws SQLException { d.updateNClob(p0, p1); }

    @Override
    public NClob getNClob(int p0) throws SQLException { return d.getNClob(p0); }

    @Override
    public NClob getNClob(String p0) throws SQLException { return d.getNClob(p0); }

    @Override
    public SQLXML getSQLXML(int p0) throws SQLException { return d.getSQLXML(p0); }

    @Override
    public SQLXML getSQLXML(String p0) throws SQLException { return d.getSQLXML(p0); }

    @Override
    public void updateSQLXML(int p0, SQLXML p1) throws SQLException { d.updateSQLXML(p0, p1); }

    @Override
    public void updateSQLXML(String p0, SQLXML p1) throws SQLException { d.updateSQLXML(p0, p1); }

    @Override
    public String getNString(int p0) throws SQLException { return d.getNString(p0); }

    @Override
    public String getNString(String p0) throws SQLException { return d.getNString(p0); }

    @Override
    public Reader getNCharacterStream(int p0) throws SQLException { return d.getNCharacterStream(p0); }

    @Override
    public Reader getNCharacterStream(String p0) throws SQLException { return d.getNCharacterStream(p0); }

    @Override
    public void updateNCharacterStream(int p0, Reader p1, long p2) throws SQLException { d.updateNCharacterStream(p0, p1, p2); }

    @Override
    public void updateNCharacterStream(String p0, Reader p1, long p2) throws SQLException { d.updateNCharacterStream(p0, p1, p2); }

    @Override
    public void updateAsciiStream(int p0, InputStream p1, long p2) throws SQLException { d.updateAsciiStream(p0, p1, p2); }

    @Override
    public void updateBinaryStream(int p0, InputStream p1, long p2) throws SQLException { d.updateBinaryStream(p0, p1, p2); }

    @Override
    public void updateCharacterStream(int p0, Reader p1, long p2) throws SQLException { d.updateCharacterStream(p0, p1, p2); }

    @Override
    public void updateAsciiStream(String p0, InputStream p1, long p2) throws SQLException { d.updateAsciiStream(p0, p1, p2); }

    @Override
    public void updateBinaryStream(String p0, InputStream p1, long p2) throws SQLException { d.updateBinaryStream(p0, p1, p2); }

    @Override
    public void updateCharacterStream(String p0, Reader p1, long p2) throws SQLException { d.updateCharacterStream(p0, p1, p2); }

    @Override
    public void updateBlob(int p0, InputStream p1, long p2) throws SQLException { d.updateBlob(p0, p1, p2); }

    @Override
    public void updateBlob(String p0, InputStream p1, long p2) throws SQLException { d.updateBlob(p0, p1, p2); }

    @Override
    public void updateClob(int p0, Reader p1, long p2) throws SQLException { d.updateClob(p0, p1, p2); }

    @Override
    public void updateClob(String p0, Reader p1, long p2) throws SQLException { d.updateClob(p0, p1, p2); }

    @Override
    public void updateNClob(int p0, Reader p1, long p2) throws SQLException { d.updateNClob(p0, p1, p2); }

    @Override
    public void updateNClob(String p0, Reader p1, long p2) throws SQLException { d.updateNClob(p0, p1, p2); }

    @Override
    public void updateNCharacterStream(int p0, Reader p1) throws SQLException { d.updateNCharacterStream(p0, p1); }

    @Override
    public void updateNCharacterStream(String p0, Reader p1) throws SQLException { d.updateNCharacterStream(p0, p1); }

    @Override
    public void updateAsciiStream(int p0, InputStream p1) throws SQLException { d.updateAsciiStream(p0, p1); }

    @Override
    public void updateBinaryStream(int p0, InputStream p1) throws SQLException { d.updateBinaryStream(p0, p1); }

    @Override
    public void updateCharacterStream(int p0, Reader p1) throws SQLException { d.updateCharacterStream(p0, p1); }

    @Override
    public void updateAsciiStream(String p0, InputStream p1) throws SQLException { d.updateAsciiStream(p0, p1); }

    @Override
    public void updateBinaryStream(String p0, InputStream p1) throws SQLException { d.updateBinaryStream(p0, p1); }

    @Override
    public void updateCharacterStream(String p0, Reader p1) throws SQLException { d.updateCharacterStream(p0, p1); }

    @Override
    public void updateBlob(int p0, InputStream p1) throws SQLException { d.updateBlob(p0, p1); }

    @Override
    public void updateBlob(String p0, InputStream p1) throws SQLException { d.updateBlob(p0, p1); }

    @Override
    public void updateClob(int p0, Reader p1) throws SQLException { d.updateClob(p0, p1); }

    @Override
    public void updateClob(String p0, Reader p1) throws SQLException { d.updateClob(p0, p1); }

    @Override
    public void updateNClob(int p0, Reader p1) throws SQLException { d.updateNClob(p0, p1); }

    @Override
    public void updateNClob(String p0, Reader p1) throws SQLException { d.updateNClob(p0, p1); }

    @Override
    public <T> T getObject(int p0, Class<T> p1) throws SQLException { return d.getObject(p0, p1); }

    @Override
    public <T> T getObject(String p0, Class<T> p1) throws SQLException { return d.getObject(p0, p1); }

    @Override
    public void updateObject(int p0, Object p1, SQLType p2, int p3) throws SQLException { d.updateObject(p0, p1, p2, p3); }

    @Override
    public void updateObject(String p0, Object p1, SQLType p2, int p3) throws SQLException { d.updateObject(p0, p1, p2, p3); }

    @Override
    public void updateObject(int p0, Object p1, SQLType p2) throws SQLException { d.updateObject(p0, p1, p2); }

    @Override
    public void updateObject(String p0, Object p1, SQLType p2) throws SQLException { d.updateObject(p0, p1, p2); }
}
