package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MapRow;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.StepHook.Step;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What the recovery manager reads and how its repairs run: under the map's lock, after every
 * interrupted change of the map is completed, a planner reads the current GSM (and LSMs) and
 * returns the steps; they are logged, then run ({@link RecoveryLog}).
 */
public final class RecoveryStore {

    /** A map registered in a shard database's LSM. */
    public record LocalShard(UUID mapId, UUID shardId, String mapName, String kind, KeyType keyType) {
    }

    /** Computes a repair's steps on the locked GSM connection; empty: nothing to do. */
    @FunctionalInterface
    public interface Planner {
        List<RecoveryStep> plan(Connection gsm) throws SQLException;
    }

    private final DataSource gsm;
    private final ShardMapStore store;
    private final StepHook hook;

    RecoveryStore(DataSource gsm, ShardMapStore store, StepHook hook) {
        this.gsm = gsm;
        this.store = store;
        this.hook = hook;
    }

    /** @return the maps and shard ids in the LSM of the database at {@code url} (empty if it has none) */
    public List<LocalShard> localShards(String url) throws SQLException {
        List<LocalShard> out = new ArrayList<>();
        try (Connection c = store.shard(url)) {
            if (!Lsm.hasSchema(store.shardSql(url, c), c)) {
                return out;
            }
            try (PreparedStatement ps = c.prepareStatement("select map_id, shard_id, map_name, kind, key_type from "
                    + Ddl.LSM + ".shards order by map_name"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LocalShard(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), KeyType.valueOf(rs.getString(5))));
                }
            }
        }
        return out;
    }

    /** @return the LSM mappings of one map in the database at {@code url} */
    public List<MappingRow> localMappings(String url, UUID mapId) throws SQLException {
        return store.localMappings(url, mapId);
    }

    /** @return the shards registered at {@code primaryUrl}, in every map */
    public List<ShardRow> shardsAt(Connection c, String primaryUrl) throws SQLException {
        List<ShardRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select shard_id from " + Ddl.GSM + ".shards where primary_url = ?")) {
            ps.setString(1, primaryUrl);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(shard(c, rs.getObject(1, UUID.class)));
                }
            }
        }
        return out;
    }

    /** @return the GSM's row of a shard, or null */
    public ShardRow shard(Connection c, UUID shardId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select map_id from " + Ddl.GSM + ".shards where shard_id = ?")) {
            ps.setObject(1, shardId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                UUID mapId = rs.getObject(1, UUID.class);
                for (ShardRow s : Gsm.shards(store.gsmSql(), c, mapId)) {
                    if (s.id().equals(shardId)) {
                        return s;
                    }
                }
                return null;
            }
        }
    }

    /** @return the map, or null */
    public MapRow map(Connection c, UUID mapId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from " + Ddl.GSM + ".shard_maps where map_id = ?")) {
            ps.setObject(1, mapId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Gsm.map(store.gsmSql(), c, rs.getString(1)) : null;
            }
        }
    }

    /** Registers a map the GSM lacks (attach rebuilding a GSM), or returns the one of that name. */
    public MapRow ensureMap(Connection c, MapRow map) throws SQLException {
        Gsm.insertMap(store.gsmSql(), c, map);
        return Gsm.map(store.gsmSql(), c, map.name());
    }

    public List<ShardRow> shards(Connection c, UUID mapId) throws SQLException {
        return Gsm.shards(store.gsmSql(), c, mapId);
    }

    public List<MappingRow> mappings(Connection c, UUID mapId) throws SQLException {
        return Gsm.mappings(store.gsmSql(), c, mapId);
    }

    /** @return a new GSM connection (the caller closes it) */
    public Connection gsmConnection() throws SQLException {
        return gsm.getConnection();
    }

    /** @return a connection to a shard database's primary (the caller closes it) */
    public Connection shardConnection(String url) throws SQLException {
        return store.shard(url);
    }

    /**
     * Runs one logged repair of a map: lock, complete earlier changes, plan, log, run.
     *
     * @return the steps that ran (empty: the planner found nothing to do)
     */
    public List<RecoveryStep> repair(UUID mapId, String kind, Planner planner) throws SQLException {
        if (store.gsmSql().sqlServer()) {
            throw new ShardStoreException("shard map repairs (" + kind + ") support shard map managers on PostgreSQL"
                    + " only so far; this one is on SQL Server (detection of differences works there)");
        }
        try (Connection c = gsm.getConnection()) {
            store.lockMap(c, mapId);
            try {
                store.recover(c, mapId);
                List<RecoveryStep> steps = new ArrayList<>();
                RecoveryLog.Repair[] logged = new RecoveryLog.Repair[1];
                Lsm.inTransaction(c, () -> {
                    steps.addAll(planner.plan(c));
                    if (!steps.isEmpty()) {
                        logged[0] = new RecoveryLog.Repair(UUID.randomUUID(), mapId, kind, steps);
                        RecoveryLog.insert(c, logged[0]);
                    }
                });
                if (logged[0] != null) {
                    hook.reached(kind, Step.LOGGED);
                    RecoveryLog.complete(c, logged[0], store, hook);
                }
                return steps;
            } finally {
                store.unlockMap(c, mapId);
            }
        }
    }

    /** @return how many logged repairs have not completed (interrupted, or running now) */
    public int pendingRepairs() throws SQLException {
        try (Connection c = gsm.getConnection();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("select count(distinct op_id) from " + RecoveryLog.TABLE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** @return primary URL of every shard of the map by id, except {@code except} */
    public static Map<UUID, String> urls(List<ShardRow> shards, UUID except) {
        Map<UUID, String> out = new HashMap<>();
        for (ShardRow s : shards) {
            if (!s.id().equals(except)) {
                out.put(s.id(), s.primaryUrl());
            }
        }
        return out;
    }

    /** Plans the resolution of one sub-range; see {@link ResolutionPlanner}. */
    public static List<RecoveryStep> planResolution(boolean keepShard, UUID shardId, String shardUrl, byte[] low,
            byte[] high, List<MappingRow> global, List<MappingRow> local, Map<UUID, String> otherShardUrls) {
        return ResolutionPlanner.plan(keepShard, shardId, shardUrl, low, high, global, local, otherShardUrls);
    }

    /** @return the one row of {@code rows} overlapping {@code [low, high)}, or null */
    public static MappingRow overlapping(List<MappingRow> rows, byte[] low, byte[] high) {
        return ResolutionPlanner.only(rows, low, high);
    }
}
