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
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement of a primary {@link RoutedConnection}: classified once, when prepared; each
 * execution that may write is reported to the connection (see {@link RoutedStatement}).
 */
final class RoutedPreparedStatement extends RoutedStatement implements PreparedStatement {

    private final PreparedStatement p;
    private final boolean write;

    RoutedPreparedStatement(PreparedStatement delegate, RoutedConnection connection,
            boolean write) {
        super(delegate, connection);
        this.p = delegate;
        this.write = write;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        try { return RoutedResultSet.of(p.executeQuery(), this); } finally { connection.executed(write); }
    }

    @Override
    public int executeUpdate() throws SQLException {
        try { return p.executeUpdate(); } finally { connection.executed(write); }
    }

    @Override
    public boolean execute() throws SQLException {
        try { return p.execute(); } finally { connection.executed(write); }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        try { return p.executeLargeUpdate(); } finally { connection.executed(write); }
    }

    @Override
    public void addBatch() throws SQLException {
        batched(write);
        p.addBatch();
    }

    @Override
    public void setNull(int p0, int p1) throws SQLException { p.setNull(p0, p1); }
    @Override
    public void setBoolean(int p0, boolean p1) throws SQLException { p.setBoolean(p0, p1); }
    @Override
    public void setByte(int p0, byte p1) throws SQLException { p.setByte(p0, p1); }
    @Override
    public void setShort(int p0, short p1) throws SQLException { p.setShort(p0, p1); }
    @Override
    public void setInt(int p0, int p1) throws SQLException { p.setInt(p0, p1); }
    @Override
    public void setLong(int p0, long p1) throws SQLException { p.setLong(p0, p1); }
    @Override
    public void setFloat(int p0, float p1) throws SQLException { p.setFloat(p0, p1); }
    @Override
    public void setDouble(int p0, double p1) throws SQLException { p.setDouble(p0, p1); }
    @Override
    public void setBigDecimal(int p0, java.math.BigDecimal p1) throws SQLException {
        p.setBigDecimal(p0, p1);
    }
    @Override
    public void setString(int p0, String p1) throws SQLException { p.setString(p0, p1); }
    @Override
    public void setBytes(int p0, byte[] p1) throws SQLException { p.setBytes(p0, p1); }
    @Override
    public void setDate(int p0, Date p1) throws SQLException { p.setDate(p0, p1); }
    @Override
    public void setTime(int p0, Time p1) throws SQLException { p.setTime(p0, p1); }
    @Override
    public void setTimestamp(int p0, Timestamp p1) throws SQLException { p.setTimestamp(p0, p1); }
    @Override
    public void setAsciiStream(int p0, InputStream p1, int p2) throws SQLException {
        p.setAsciiStream(p0, p1, p2);
    }
    @Override
    public void setUnicodeStream(int p0, InputStream p1, int p2) throws SQLException {
        p.setUnicodeStream(p0, p1, p2);
    }
    @Override
    public void setBinaryStream(int p0, InputStream p1, int p2) throws SQLException {
        p.setBinaryStream(p0, p1, p2);
    }
    @Override
    public void clearParameters() throws SQLException { p.clearParameters(); }
    @Override
    public void setObject(int p0, Object p1, int p2) throws SQLException {
        p.setObject(p0, p1, p2);
    }
    @Override
    public void setObject(int p0, Object p1) throws SQLException { p.setObject(p0, p1); }
    @Override
    public void setCharacterStream(int p0, Reader p1, int p2) throws SQLException {
        p.setCharacterStream(p0, p1, p2);
    }
    @Override
    public void setRef(int p0, Ref p1) throws SQLException { p.setRef(p0, p1); }
    @Override
    public void setBlob(int p0, Blob p1) throws SQLException { p.setBlob(p0, p1); }
    @Override
    public void setClob(int p0, Clob p1) throws SQLException { p.setClob(p0, p1); }
    @Override
    public void setArray(int p0, Array p1) throws SQLException { p.setArray(p0, p1); }
    @Override
    public ResultSetMetaData getMetaData() throws SQLException { return p.getMetaData(); }
    @Override
    public void setDate(int p0, Date p1, Calendar p2) throws SQLException { p.setDate(p0, p1, p2); }
    @Override
    public void setTime(int p0, Time p1, Calendar p2) throws SQLException { p.setTime(p0, p1, p2); }
    @Override
    public void setTimestamp(int p0, Timestamp p1, Calendar p2) throws SQLException {
        p.setTimestamp(p0, p1, p2);
    }
    @Override
    public void setNull(int p0, int p1, String p2) throws SQLException { p.setNull(p0, p1, p2); }
    @Override
    public void setURL(int p0, URL p1) throws SQLException { p.setURL(p0, p1); }
    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return p.getParameterMetaData();
    }
    @Override
    public void setRowId(int p0, RowId p1) throws SQLException { p.setRowId(p0, p1); }
    @Override
    public void setNString(int p0, String p1) throws SQLException { p.setNString(p0, p1); }
    @Override
    public void setNCharacterStream(int p0, Reader p1, long p2) throws SQLException {
        p.setNCharacterStream(p0, p1, p2);
    }
    @Override
    public void setNClob(int p0, NClob p1) throws SQLException { p.setNClob(p0, p1); }
    @Override
    public void setClob(int p0, Reader p1, long p2) throws SQLException { p.setClob(p0, p1, p2); }
    @Override
    public void setBlob(int p0, InputStream p1, long p2) throws SQLException {
        p.setBlob(p0, p1, p2);
    }
    @Override
    public void setNClob(int p0, Reader p1, long p2) throws SQLException { p.setNClob(p0, p1, p2); }
    @Override
    public void setSQLXML(int p0, SQLXML p1) throws SQLException { p.setSQLXML(p0, p1); }
    @Override
    public void setObject(int p0, Object p1, int p2, int p3) throws SQLException {
        p.setObject(p0, p1, p2, p3);
    }
    @Override
    public void setAsciiStream(int p0, InputStream p1, long p2) throws SQLException {
        p.setAsciiStream(p0, p1, p2);
    }
    @Override
    public void setBinaryStream(int p0, InputStream p1, long p2) throws SQLException {
        p.setBinaryStream(p0, p1, p2);
    }
    @Override
    public void setCharacterStream(int p0, Reader p1, long p2) throws SQLException {
        p.setCharacterStream(p0, p1, p2);
    }
    @Override
    public void setAsciiStream(int p0, InputStream p1) throws SQLException {
        p.setAsciiStream(p0, p1);
    }
    @Override
    public void setBinaryStream(int p0, InputStream p1) throws SQLException {
        p.setBinaryStream(p0, p1);
    }
    @Override
    public void setCharacterStream(int p0, Reader p1) throws SQLException {
        p.setCharacterStream(p0, p1);
    }
    @Override
    public void setNCharacterStream(int p0, Reader p1) throws SQLException {
        p.setNCharacterStream(p0, p1);
    }
    @Override
    public void setClob(int p0, Reader p1) throws SQLException { p.setClob(p0, p1); }
    @Override
    public void setBlob(int p0, InputStream p1) throws SQLException { p.setBlob(p0, p1); }
    @Override
    public void setNClob(int p0, Reader p1) throws SQLException { p.setNClob(p0, p1); }
    @Override
    public void setObject(int p0, Object p1, SQLType p2, int p3) throws SQLException {
        p.setObject(p0, p1, p2, p3);
    }
    @Override
    public void setObject(int p0, Object p1, SQLType p2) throws SQLException {
        p.setObject(p0, p1, p2);
    }
}
