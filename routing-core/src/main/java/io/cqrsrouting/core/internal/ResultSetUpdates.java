package io.cqrsrouting.core.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * Delegation of a {@link ResultSet}, part 1 of 3: the updating calls (updateXxx and row changes).
 * Split only to keep each file readable; {@link RoutedResultSet} is the one concrete class.
 */
abstract class ResultSetUpdates implements ResultSet {

    /** The driver's (or pool's) result set every call goes to. */
    final ResultSet d;

    ResultSetUpdates(ResultSet delegate) {
        this.d = delegate;
    }

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
    public void updateRowId(int p0, RowId p1) throws SQLException { d.updateRowId(p0, p1); }

    @Override
    public void updateRowId(String p0, RowId p1) throws SQLException { d.updateRowId(p0, p1); }

    @Override
    public void updateNString(int p0, String p1) throws SQLException { d.updateNString(p0, p1); }

    @Override
    public void updateNString(String p0, String p1) throws SQLException { d.updateNString(p0, p1); }

    @Override
    public void updateNClob(int p0, NClob p1) throws SQLException { d.updateNClob(p0, p1); }

    @Override
    public void updateNClob(String p0, NClob p1) throws SQLException { d.updateNClob(p0, p1); }

    @Override
    public void updateSQLXML(int p0, SQLXML p1) throws SQLException { d.updateSQLXML(p0, p1); }

    @Override
    public void updateSQLXML(String p0, SQLXML p1) throws SQLException { d.updateSQLXML(p0, p1); }

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
    public void updateObject(int p0, Object p1, SQLType p2, int p3) throws SQLException { d.updateObject(p0, p1, p2, p3); }

    @Override
    public void updateObject(String p0, Object p1, SQLType p2, int p3) throws SQLException { d.updateObject(p0, p1, p2, p3); }

    @Override
    public void updateObject(int p0, Object p1, SQLType p2) throws SQLException { d.updateObject(p0, p1, p2); }

    @Override
    public void updateObject(String p0, Object p1, SQLType p2) throws SQLException { d.updateObject(p0, p1, p2); }
}
