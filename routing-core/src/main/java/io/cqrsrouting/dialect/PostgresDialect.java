package io.cqrsrouting.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * PostgreSQL primary / hot-standby clusters. Role from {@code pg_is_in_recovery()} and the
 * session's {@code transaction_read_only}; positions are WAL LSNs as byte offsets, with the
 * timeline they belong to. A standby counts as receiving only while its WAL receiver streams;
 * reading that needs the {@code pg_monitor} (or {@code pg_read_all_stats}) role for a monitor
 * user that is not a superuser, else every standby counts as not fresh and the probe says, in
 * {@link NodeState#positionsUnavailable()}, which {@code GRANT} is missing.
 */
public final class PostgresDialect implements Dialect {

    // One round trip: role, read-only setting, the position that matters for the role, and the
    // timeline: a primary's from the name of the WAL file it writes (exact right after a
    // promotion, unlike pg_control_checkpoint()), a standby's from its WAL receiver (NULL when
    // nothing streams, or when the user may not see the receiver: pg_monitor/pg_read_all_stats).
    private static final String PROBE = "SELECT pg_is_in_recovery(),"
            + " current_setting('transaction_read_only') = 'on',"
            + " CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() - '0/0'"
            + " ELSE pg_current_wal_lsn() - '0/0' END,"
            + " pg_last_xact_replay_timestamp(),"
            + " CASE WHEN pg_is_in_recovery() THEN (SELECT received_tli FROM pg_stat_wal_receiver"
            + " WHERE status = 'streaming')"
            + " ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int"
            + " END,"
            // a receiver whose details are hidden from this user (it runs, its status is NULL)
            + " pg_is_in_recovery() AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver"
            + " WHERE status IS NULL), quote_ident(current_user)";

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
            long timeline = rs.getObject(5) == null ? -1 : rs.getLong(5);
            String unavailable = rs.getBoolean(6) ? hiddenReceiver(rs.getString(7)) : null;
            // A standby whose receiver does not stream (or cannot be seen) has no timeline we
            // can trust: never fresh. A primary always knows its own.
            return new NodeState(!recovery && !readOnly, recovery, position, -1,
                    replayed == null ? -1 : replayed.getTime(), timeline,
                    !recovery || timeline >= 0, unavailable);
        }
    }

    private static String hiddenReceiver(String user) {
        return "replica positions are unavailable (pg_stat_wal_receiver details are hidden from"
                + " user " + user + "): the monitor's user needs GRANT pg_monitor TO " + user;
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
