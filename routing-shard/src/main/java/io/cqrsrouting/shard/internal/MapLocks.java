package io.cqrsrouting.shard.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A shard map's change lock, held by one GSM session for a whole change (GSM and LSM steps):
 * {@code pg_advisory_lock} on PostgreSQL, {@code sp_getapplock} owned by the session on SQL
 * Server (a refused lock fails the change instead of running it unserialized).
 */
final class MapLocks {

    private MapLocks() {
    }

    static void lock(StoreSql q, Connection c, UUID mapId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.LOCK_MAP))) {
            bind(q, ps, mapId);
            if (!q.sqlServer()) {
                ps.execute();
                return;
            }
            int granted = Integer.MIN_VALUE;
            boolean results = ps.execute();
            while (results || ps.getUpdateCount() != -1) {
                if (results) {
                    try (ResultSet rs = ps.getResultSet()) {
                        if (rs.next()) {
                            granted = rs.getInt(1);
                        }
                    }
                }
                results = ps.getMoreResults();
            }
            if (granted < 0) { // sp_getapplock: 0 or 1 granted; negative refused (deadlock victim, error)
                throw new ShardStoreException("the change lock of shard map " + mapId
                        + " was not granted (application lock result " + granted + "); retry the change");
            }
        }
    }

    /** Releases the lock; a failure means the session is gone, and its lock with it. */
    static void unlock(ShardMapStore store, Connection c, UUID mapId) {
        try {
            StoreSql q = store.gsmSql();
            try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.UNLOCK_MAP))) {
                bind(q, ps, mapId);
                ps.execute();
            }
        } catch (SQLException e) {
            // the session is gone, and its lock with it
        }
    }

    private static void bind(StoreSql q, PreparedStatement ps, UUID mapId) throws SQLException {
        if (q.sqlServer()) {
            ps.setString(1, SqlServerShardSql.mapLockResource(mapId));
        } else {
            ps.setInt(1, Locks.object(mapId));
        }
    }
}
