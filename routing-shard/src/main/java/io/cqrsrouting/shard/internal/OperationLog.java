package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The GSM's operations log: the after-image of a map change spanning the GSM and an LSM, written
 * before either is changed and deleted with the GSM's own write (see {@link ShardMapStore}).
 */
final class OperationLog {

    static final String OPS = Ddl.GSM + ".operations";

    private OperationLog() {
    }

    /** One logged change: a shard added, or a mapping written or removed. */
    record Op(UUID id, UUID mapId, String kind, ShardRow shard, MappingRow mapping) {
    }

    static void insert(StoreSql q, Connection c, Op op) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.INSERT_OP))) {
            ps.setObject(1, op.id());
            ps.setObject(2, op.mapId());
            ps.setString(3, op.kind());
            ps.setObject(4, op.shard().id());
            ps.setString(5, op.shard().primaryUrl());
            ps.setString(6, Gsm.joinUrls(op.shard().replicaUrls()));
            MappingRow m = op.mapping();
            ps.setObject(7, m == null ? null : m.id());
            Gsm.setKeyOrNull(ps, 8, m == null ? null : m.low());
            Gsm.setKeyOrNull(ps, 9, m == null ? null : m.high());
            ps.setString(10, m == null ? null : m.status());
            if (m == null) {
                ps.setNull(11, Types.BIGINT);
            } else {
                ps.setLong(11, m.version());
            }
            ps.executeUpdate();
        }
    }

    static List<Op> logged(StoreSql q, Connection c, UUID mapId) throws SQLException {
        List<Op> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.LOGGED_OPS))) {
            ps.setObject(1, mapId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID shardId = rs.getObject(3, UUID.class);
                    ShardRow shard = new ShardRow(shardId, mapId, rs.getString(4), Gsm.splitUrls(rs.getString(5)),
                            1, "ONLINE");
                    UUID mappingId = rs.getObject(6, UUID.class);
                    MappingRow m = mappingId == null ? null : new MappingRow(mappingId, mapId, shardId,
                            rs.getBytes(7), rs.getBytes(8), rs.getString(9), rs.getLong(10));
                    out.add(new Op(rs.getObject(1, UUID.class), mapId, rs.getString(2), shard, m));
                }
            }
        }
        return out;
    }

    /** Deletes a completed operation; runs in the transaction that writes its after-image into the GSM. */
    static void delete(StoreSql q, Connection c, Op op) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.DELETE_OP))) {
            ps.setObject(1, op.id());
            ps.executeUpdate();
        }
    }
}
