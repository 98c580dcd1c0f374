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
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * Delegation of a {@link ResultSet}, part 2 of 3: the getters (by index and by label).
 */
abstract class ResultSetGetters extends ResultSetUpdates {

    ResultSetGetters(ResultSet delegate) {
        super(delegate);
    }

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
    public String getCursorName() throws SQLException { return d.getCursorName(); }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException { return d.getMetaData(); }

    @Override
    public Object getObject(int p0) throws SQLException { return d.getObject(p0); }

    @Override
    public Object getObject(String p0) throws SQLException { return d.getObject(p0); }

    @Override
    public Reader getCharacterStream(int p0) throws SQLException { return d.getCharacterStream(p0); }

    @Override
    public Reader getCharacterStream(String p0) throws SQLException { return d.getCharacterStream(p0); }

    @Override
    public BigDecimal getBigDecimal(int p0) throws SQLException { return d.getBigDecimal(p0); }

    @Override
    public BigDecimal getBigDecimal(String p0) throws SQLException { return d.getBigDecimal(p0); }

    @Override
    public int getRow() throws SQLException { return d.getRow(); }

    @Override
    public int getFetchDirection() throws SQLException { return d.getFetchDirection(); }

    @Override
    public int getFetchSize() throws SQLException { return d.getFetchSize(); }

    @Override
    public int getType() throws SQLException { return d.getType(); }

    @Override
    public int getConcurrency() throws SQLException { return d.getConcurrency(); }

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
    public RowId getRowId(int p0) throws SQLException { return d.getRowId(p0); }

    @Override
    public RowId getRowId(String p0) throws SQLException { return d.getRowId(p0); }

    @Override
    public int getHoldability() throws SQLException { return d.getHoldability(); }

    @Override
    public NClob getNClob(int p0) throws SQLException { return d.getNClob(p0); }

    @Override
    public NClob getNClob(String p0) throws SQLException { return d.getNClob(p0); }

    @Override
    public SQLXML getSQLXML(int p0) throws SQLException { return d.getSQLXML(p0); }

    @Override
    public SQLXML getSQLXML(String p0) throws SQLException { return d.getSQLXML(p0); }

    @Override
    public String getNString(int p0) throws SQLException { return d.getNString(p0); }

    @Override
    public String getNString(String p0) throws SQLException { return d.getNString(p0); }

    @Override
    public Reader getNCharacterStream(int p0) throws SQLException { return d.getNCharacterStream(p0); }

    @Override
    public Reader getNCharacterStream(String p0) throws SQLException { return d.getNCharacterStream(p0); }

    @Override
    public <T> T getObject(int p0, Class<T> p1) throws SQLException { return d.getObject(p0, p1); }

    @Override
    public <T> T getObject(String p0, Class<T> p1) throws SQLException { return d.getObject(p0, p1); }
}
