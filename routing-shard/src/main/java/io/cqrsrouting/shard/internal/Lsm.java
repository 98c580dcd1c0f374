package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MapRow;
import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Writes and reads of a local shard map in a shard database, in that database's dialect. Every write is
 * idempotent and carries the version it establishes, so redoing a logged operation is harmless
 * and an older operation can never overwrite a newer one.
 */
final class Lsm {

    private static final String T = Ddl.LSM + ".";

    /**
     * The validation query: one indexed row, by mapping id. It starts with {@link Validator#MARK}:
     * a mover that is about to delete a switched batch's rows looks for sessions whose last
     * statement was this (validated, not yet used) in {@code pg_stat_activity}.
     */
    static final String VALIDATE = Validator.MARK + " select status, version from " + T + "mappings where mapping_id = ?";

    private Lsm() {
    }

    static void createShard(StoreSql q, Connection c, MapRow map, UUID shardId) throws SQLException {
        inTransaction(c, () -> {
            try (Statement s = c.createStatement()) {
                s.execute(q.sql(StoreSql.Q.LOCK_LSM_SCHEMA));
                for (String ddl : q.lsmDdl()) {
                    s.execute(ddl);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.LSM_INSERT_SHARD))) {
                ps.setObject(1, map.id());
                ps.setObject(2, shardId);
                ps.setString(3, map.name());
                ps.setString(4, map.kind());
                ps.setString(5, map.keyType().name());
                ps.executeUpdate();
            }
        });
    }

    /** Writes {@code m} unless the LSM already holds this or a later version of it. */
    static void put(StoreSql q, Connection c, MappingRow m) throws SQLException {
        inTransaction(c, () -> {
            try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.LSM_PUT))) {
                Gsm.bindMapping(ps, m);
                ps.executeUpdate();
            }
        });
    }

    static void delete(StoreSql q, Connection c, UUID mappingId) throws SQLException {
        inTransaction(c, () -> {
            try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.LSM_DELETE))) {
                ps.setObject(1, mappingId);
                ps.executeUpdate();
            }
        });
    }

    static List<MappingRow> mappings(StoreSql q, Connection c, UUID mapId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.LSM_MAPPINGS))) {
            ps.setObject(1, mapId);
            return Gsm.readMappings(ps);
        }
    }

    static boolean hasSchema(StoreSql q, Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(q.sql(StoreSql.Q.LSM_HAS_SCHEMA))) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    interface SqlAction {
        void run() throws SQLException;
    }

    /**
     * Runs {@code action} in one transaction on the shard's primary. The future write fence
     * (split/merge) takes its exclusive lock in this same transaction, before the change.
     */
    static void inTransaction(Connection c, SqlAction action) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            action.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
