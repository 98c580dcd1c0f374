package io.cqrsrouting.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * PostgreSQL primary / hot-standby clusters. Role from {@code pg_is_in_recovery()} and the
 * session's {@code transaction_read_only}; positions are WAL LSNs as byte offsets.
 */
public final class PostgresDialect implements Dialect {

    // One round trip: role, read-only setting, and the position that matters for the role.
    private static final String PROBE = "SELECT pg_is_in_recovery(),"
            + " current_setting('transaction_read_only') = 'on',"
            + " CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() - '0/0'"
            + " ELSE pg_current_wal_lsn() - '0/0' END,"
            + " pg_last_xact_replay_timestamp()";

    private static final String COMMIT_POSITION = "SELECT pg_current_wal_lsn() - '0/0'";

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public boolean acceptsUrl(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, 16);
    }

    @Override
    public boolean acceptsProduct(String databaseProductName) {
        return databaseProductName != null
                && databaseProductName.toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    @Override
    public String readOnlyUrl(String primaryUrl) {
        return null;
    }

    @Override
    public NodeState probe(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(PROBE)) {
            rs.next();
            boolean recovery = rs.getBoolean(1);
            boolean readOnly = rs.getBoolean(2);
            long position = rs.getObject(3) == null ? -1 : rs.getBigDecimal(3).longValue();
            Timestamp replayed = rs.getTimestamp(4);
            return new NodeState(!recovery && !readOnly, recovery, position, -1,
                    replayed == null ? -1 : replayed.getTime());
        }
    }

    @Override
    public long commitPosition(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(COMMIT_POSITION)) {
            rs.next();
            return rs.getBigDecimal(1).longValue();
        }
    }
}
