package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Checks a connection against its shard's local shard map before it is handed out: one indexed
 * query by mapping id, on the same connection (so on a replica it reads the replica's copy of the
 * LSM, consistent with the data that replica serves).
 */
public final class Validator {

    /** The LSM holds the mapping at the cached version, ONLINE. */
    public static final int VALID = 0;
    /** The LSM has no such mapping. */
    public static final int MISSING = 1;
    /** The LSM holds a newer version than the cache: refresh the cache. */
    public static final int NEWER = 2;
    /** The LSM holds an older version than the cache: this node has not replayed the change yet. */
    public static final int OLDER = 3;
    /** The LSM holds the cached version, OFFLINE. */
    public static final int OFFLINE = 4;

    /**
     * The comment the validation query starts with. A session of a shard whose last statement
     * carries it (seen in {@code pg_stat_activity}) holds a connection that was validated and not
     * used since: the mover keeps a switched batch's source rows until no such session from before
     * the switch is left. A refused validation is followed by {@link #CLEAR} so that a refused
     * connection resting in its pool does not look like one.
     */
    public static final String MARK = "/* cqrs-shard-validate */";

    /** Run on a connection whose validation refused it, before it goes back to its pool. */
    static final String CLEAR = "/* cqrs-shard-refused */ select 1";

    private Validator() {
    }

    /** @return one of the outcome constants */
    public static int check(Connection c, MappingRow cached) throws SQLException {
        try {
            return query(c, cached);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "S0002".equals(e.getSQLState())) { // PostgreSQL, SQL Server
                // no local shard map on this node: a standby that has not replayed the shard's creation yet
                return MISSING;
            }
            throw e;
        }
    }

    /**
     * Marks a connection whose validation refused it, so that it no longer looks validated
     * (one round trip, on the refusal path only); failures are ignored: the caller closes it.
     */
    public static void clear(Connection c) {
        try (PreparedStatement ps = c.prepareStatement(CLEAR)) {
            ps.execute();
        } catch (SQLException | RuntimeException ignored) {
            // a broken connection is closed by the caller and discarded by its pool
        }
    }

    private static int query(Connection c, MappingRow cached) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(Lsm.VALIDATE)) {
            ps.setObject(1, cached.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return MISSING;
                }
                long version = rs.getLong(2);
                if (version > cached.version()) {
                    return NEWER;
                }
                if (version < cached.version()) {
                    return OLDER;
                }
                return "ONLINE".equals(rs.getString(1)) ? VALID : OFFLINE;
            }
        }
    }
}
