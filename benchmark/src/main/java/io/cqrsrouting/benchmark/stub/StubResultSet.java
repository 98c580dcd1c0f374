package io.cqrsrouting.benchmark.stub;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * One row of constants, reused for every query on its statement. Shaped so that the router's
 * PostgreSQL probe reads a sensible answer (column 1 {@code pg_is_in_recovery()} and column 2
 * read-only: true on a replica node; column 3 a log position; column 4 no replay timestamp), and a
 * benchmark's {@code getInt(1)} reads 1.
 */
final class StubResultSet extends AbstractStubResultSet {

    private static final BigDecimal POSITION = BigDecimal.valueOf(0x3000000L);
    private static final Integer ONE = 1;

    private final StubStatement statement;
    private final StubNode node;
    private boolean consumed;
    private boolean closed = true;
    private boolean wasNull;

    StubResultSet(StubStatement statement, StubNode node) {
        this.statement = statement;
        this.node = node;
    }

    StubResultSet open() {
        consumed = false;
        closed = false;
        wasNull = false;
        return this;
    }

    @Override
    public boolean next() throws SQLException {
        if (closed) {
            throw new SQLException("result set is closed", "HY010");
        }
        if (consumed) {
            return false;
        }
        consumed = true;
        return true;
    }

    @Override
    public boolean getBoolean(int column) {
        wasNull = false;
        return column <= 2 ? node.replica() : true;
    }

    @Override
    public boolean getBoolean(String column) {
        wasNull = false;
        return node.replica();
    }

    @Override
    public int getInt(int column) {
        wasNull = false;
        return 1;
    }

    @Override
    public int getInt(String column) {
        wasNull = false;
        return 1;
    }

    @Override
    public long getLong(int column) {
        wasNull = false;
        return 1L;
    }

    @Override
    public long getLong(String column) {
        wasNull = false;
        return 1L;
    }

    @Override
    public String getString(int column) {
        wasNull = false;
        return node.name();
    }

    @Override
    public String getString(String column) {
        wasNull = false;
        return node.name();
    }

    @Override
    public BigDecimal getBigDecimal(int column) {
        wasNull = false;
        return POSITION;
    }

    @Override
    public BigDecimal getBigDecimal(String column) {
        wasNull = false;
        return POSITION;
    }

    @Override
    public Object getObject(int column) {
        wasNull = false;
        return column == 3 ? POSITION : ONE;
    }

    @Override
    public Object getObject(String column) {
        wasNull = false;
        return ONE;
    }

    @Override
    public Timestamp getTimestamp(int column) {
        wasNull = true;
        return null;
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    @Override
    public int getRow() {
        return consumed ? 1 : 0;
    }

    @Override
    public int getType() {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return CONCUR_READ_ONLY;
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("StubResultSet does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
