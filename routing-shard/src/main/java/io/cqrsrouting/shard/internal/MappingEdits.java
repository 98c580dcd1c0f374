package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Replacements of several mappings at once, in one transaction per database, for the mover:
 * carving a batch out of a range, switching a batch to its target shard, coalescing ranges.
 * Every edit is idempotent: deleting a missing row does nothing, and a put only overwrites an
 * older version of the same mapping (so redoing an edit after a crash changes nothing more).
 * PostgreSQL only, like the mover ({@code ShardMover} refuses a shard map manager on another database).
 */
public final class MappingEdits {

    private static final String PUT = " (mapping_id, map_id, shard_id, low, high, status, version)"
            + " values (?, ?, ?, ?, ?, ?, ?) on conflict (mapping_id) do update set shard_id = excluded.shard_id,"
            + " low = excluded.low, high = excluded.high, status = excluded.status, version = excluded.version"
            + " where %s.mappings.version < excluded.version";

    private MappingEdits() {
    }

    /** In a shard's local map: deletes {@code delete}, then writes {@code put}; one transaction. */
    public static void local(Connection shard, List<UUID> delete, List<MappingRow> put) throws SQLException {
        Lsm.inTransaction(shard, () -> apply(shard, Ddl.LSM, delete, put));
    }

    /** In the global map: deletes {@code delete}, then writes {@code put}; one transaction. */
    public static void global(Connection gsm, List<UUID> delete, List<MappingRow> put) throws SQLException {
        Lsm.inTransaction(gsm, () -> apply(gsm, Ddl.GSM, delete, put));
    }

    /** Like {@link #local}, inside the caller's transaction (the mover's switch adds its own statements). */
    public static void localInTransaction(Connection shard, List<UUID> delete, List<MappingRow> put)
            throws SQLException {
        apply(shard, Ddl.LSM, delete, put);
    }

    /** Like {@link #global}, inside the caller's transaction (the mover persists its step in the same one). */
    public static void globalInTransaction(Connection gsm, List<UUID> delete, List<MappingRow> put)
            throws SQLException {
        apply(gsm, Ddl.GSM, delete, put);
    }

    /** Deletes, then puts; each kind sent as one batch (one round trip). */
    private static void apply(Connection c, String schema, List<UUID> delete, List<MappingRow> put)
            throws SQLException {
        if (!delete.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("delete from " + schema + ".mappings where mapping_id = ?")) {
                for (UUID id : delete) {
                    ps.setObject(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!put.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("insert into " + schema + ".mappings"
                    + String.format(PUT, schema))) {
                for (MappingRow m : put) {
                    Gsm.bindMapping(ps, m);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** @return the map's mappings in the global map, in key order */
    public static List<MappingRow> globalMappings(Connection gsm, UUID mapId) throws SQLException {
        return Gsm.mappings(StoreSql.POSTGRES, gsm, mapId);
    }

    /** @return one mapping of the global map, or null */
    public static MappingRow globalMapping(Connection gsm, UUID mappingId) throws SQLException {
        return Gsm.mapping(StoreSql.POSTGRES, gsm, mappingId);
    }

    /** @return the map's shards in the global map */
    public static List<ShardRow> shards(Connection gsm, UUID mapId) throws SQLException {
        return Gsm.shards(StoreSql.POSTGRES, gsm, mapId);
    }

    /** @return a shard's local mappings of one map (empty if it has no local map) */
    public static List<MappingRow> localMappings(Connection shard, UUID mapId) throws SQLException {
        return Lsm.hasSchema(StoreSql.POSTGRES, shard) ? Lsm.mappings(StoreSql.POSTGRES, shard, mapId) : List.of();
    }
}
