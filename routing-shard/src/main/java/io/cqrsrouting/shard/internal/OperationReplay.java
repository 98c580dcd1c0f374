package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MapRow;
import io.cqrsrouting.shard.internal.StepHook.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Completes what a crash interrupted in a map's changes, on a GSM session that holds the map's
 * lock: first its interrupted repairs ({@link RecoveryLog}), then each logged operation of
 * {@link ShardMapStore}'s protocol, by redoing steps 2 (the after-image into the shard's LSM) and 3
 * (into the GSM, deleting the log row in the same transaction). Both steps are idempotent and
 * version-guarded, so a completion interrupted in turn is simply redone. The same completion runs
 * the last two steps of every change as it is made.
 */
final class OperationReplay {

    private static final Logger LOG = LoggerFactory.getLogger(ShardMapStore.class);

    private OperationReplay() {
    }

    /** Completes the map's interrupted repairs, then its logged operations, oldest first. */
    static void recover(ShardMapStore store, StepHook hook, Connection c, UUID mapId)
            throws SQLException {
        for (RecoveryLog.Repair r : RecoveryLog.logged(c, mapId)) {
            LOG.info("cqrs-routing shard map {}: completing interrupted repair {} {}", mapId, r.kind(), r.id());
            RecoveryLog.complete(c, r, store, hook);
        }
        List<OperationLog.Op> ops = OperationLog.logged(store.gsmSql(), c, mapId);
        if (ops.isEmpty()) {
            return;
        }
        MapRow map = null;
        try (PreparedStatement ps = c.prepareStatement(store.gsmSql().sql(StoreSql.Q.MAP_BY_ID))) {
            ps.setObject(1, mapId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    map = new MapRow(mapId, rs.getString(1), rs.getString(2), KeyType.valueOf(rs.getString(3)));
                }
            }
        }
        for (OperationLog.Op op : ops) {
            LOG.info("cqrs-routing shard map {}: completing interrupted operation {} {}",
                    map == null ? mapId : map.name(), op.kind(), op.id());
            try {
                complete(store, hook, c, map, op);
            } catch (SQLException e) {
                throw new ShardStoreException("shard map " + (map == null ? mapId : map.name())
                        + " has an interrupted " + op.kind() + " that cannot be completed: its shard at "
                        + op.shard().primaryUrl() + " is unreachable (" + e.getSQLState() + ")", e);
            }
        }
    }

    /**
     * Steps 2 and 3 of one logged operation.
     *
     * @param map the operation's map, or null if the map row is gone (an interrupted creation)
     */
    static void complete(ShardMapStore store, StepHook hook, Connection c, MapRow map, OperationLog.Op op)
            throws SQLException {
        try (Connection shard = store.shard(op.shard().primaryUrl())) {
            StoreSql q = store.shardSql(op.shard().primaryUrl(), shard);
            switch (op.kind()) {
                case "ADD_SHARD" -> Lsm.createShard(q, shard, map, op.shard().id());
                case "REMOVE_MAPPING" -> Lsm.delete(q, shard, op.mapping().id());
                default -> Lsm.put(q, shard, op.mapping());
            }
        }
        hook.reached(op.kind(), Step.LOCAL_DONE);
        Lsm.inTransaction(c, () -> {
            switch (op.kind()) {
                case "ADD_SHARD" -> Gsm.insertShard(store.gsmSql(), c, op.shard());
                case "REMOVE_MAPPING" -> Gsm.deleteMapping(store.gsmSql(), c, op.mapping().id());
                default -> Gsm.upsertMapping(store.gsmSql(), c, op.mapping());
            }
            OperationLog.delete(store.gsmSql(), c, op);
        });
    }
}
