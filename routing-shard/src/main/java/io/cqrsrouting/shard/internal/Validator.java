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
