package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MapRow;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.StepHook.Step;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The shard map store: every change that spans the GSM and an LSM runs as a logged operation.
 *
 * <ol>
 * <li>GSM: under the map's advisory lock (held on one GSM session for the whole operation),
 *     check the preconditions against the GSM and insert the after-image into the operations log;</li>
 * <li>LSM: write the after-image into the shard database, in one transaction;</li>
 * <li>GSM: write the after-image into the GSM tables and delete the log row, in one transaction.</li>
 * </ol>
 * A crash anywhere leaves either nothing (before 1 commits) or a log row. Log rows are completed
 * by {@link OperationReplay} (steps 2 and 3 redone; both are idempotent and version-guarded) at
 * {@link #recoverAll} on start
 * and before the next operation on the same map, under the same lock, so no two operations of a
 * map ever interleave. An operation whose shard cannot be reached stays logged, and the map's
 * next change fails naming the map, until the shard is back.
 *
 * <p>Every statement comes from {@link StoreSql} in the dialect of the database it runs on,
 * detected once per database from the driver (the GSM at {@link #start}, each shard database on
 * its first connection): PostgreSQL or SQL Server.
 */
public final class ShardMapStore {

    private final DataSource gsm;
    private final Properties credentials;
    private final Properties sqlServerCredentials;
    private final StepHook hook;
    private volatile StoreSql gsmSql;
    private final Map<String, StoreSql> shardSql = new ConcurrentHashMap<>();

    public ShardMapStore(DataSource gsm, String username, String password, StepHook hook) {
        this.gsm = gsm;
        this.credentials = new Properties();
        credentials.setProperty("user", username);
        credentials.setProperty("password", password == null ? "" : password);
        this.sqlServerCredentials = new Properties();
        sqlServerCredentials.putAll(credentials);
        credentials.setProperty("connectTimeout", "10");
        sqlServerCredentials.setProperty("loginTimeout", "10");
        this.hook = hook;
    }

    /** Creates the GSM schema if missing and completes every logged operation. */
    public void start() throws SQLException {
        try (Connection c = gsm.getConnection()) {
            gsmSql = StoreSql.of(c);
            Gsm.createSchema(gsmSql, c);
        }
        recoverAll();
    }

    /** Completes the logged operations of every map. */
    public void recoverAll() throws SQLException {
        List<UUID> maps = new ArrayList<>();
        try (Connection c = gsm.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(gsmSql().sql(StoreSql.Q.OPS_MAPS))) {
            while (rs.next()) {
                maps.add(rs.getObject(1, UUID.class));
            }
            for (UUID m : RecoveryLog.maps(c)) {
                if (!maps.contains(m)) {
                    maps.add(m);
                }
            }
        }
        for (UUID map : maps) {
            try (Connection c = gsm.getConnection()) {
                lockMap(c, map);
                try {
                    recover(c, map);
                } finally {
                    unlockMap(c, map);
                }
            }
        }
    }

    // ------------------------------------------------------------------ reads

    public MapRow map(String name) throws SQLException {
        try (Connection c = gsm.getConnection()) {
            return Gsm.map(gsmSql(), c, name);
        }
    }

    /** @return the new map, or the existing one of that name (the caller checks kind and type) */
    public MapRow createMap(String name, String kind, KeyType type) throws SQLException {
        try (Connection c = gsm.getConnection()) {
            Gsm.insertMap(gsmSql(), c, new MapRow(UUID.randomUUID(), name, kind, type));
            return Gsm.map(gsmSql(), c, name);
        }
    }

    public List<ShardRow> shards(UUID mapId) throws SQLException {
        try (Connection c = gsm.getConnection()) {
            return Gsm.shards(gsmSql(), c, mapId);
        }
    }

    public List<MappingRow> mappings(UUID mapId) throws SQLException {
        try (Connection c = gsm.getConnection()) {
            return Gsm.mappings(gsmSql(), c, mapId);
        }
    }

    /** @return the target shards of the map's unfinished moves (none if no move ever ran) */
    public List<UUID> moveTargets(UUID mapId) throws SQLException {
        if (gsmSql().sqlServer()) {
            return List.of(); // no mover on SQL Server (ShardMover refuses it)
        }
        try (Connection c = gsm.getConnection()) {
            return MoveTargets.of(c, mapId);
        }
    }

    public MappingRow mappingFor(UUID mapId, byte[] key) throws SQLException {
        try (Connection c = gsm.getConnection()) {
            return Gsm.mappingFor(gsmSql(), c, mapId, key);
        }
    }

    /** The shard's LSM mappings of one map, read from its primary. */
    public List<MappingRow> localMappings(String primaryUrl, UUID mapId) throws SQLException {
        try (Connection c = shard(primaryUrl)) {
            StoreSql q = shardSql(primaryUrl, c);
            return Lsm.hasSchema(q, c) ? Lsm.mappings(q, c, mapId) : List.of();
        }
    }

    // ------------------------------------------------------------------ changes

    /** Adds a shard (creating its LSM); refuses a second shard of the map at the same location. */
    public ShardRow addShard(MapRow map, String primaryUrl, List<String> replicaUrls) throws SQLException {
        ShardRow row = new ShardRow(UUID.randomUUID(), map.id(), primaryUrl, List.copyOf(replicaUrls), 1, "ONLINE");
        run(map, "ADD_SHARD", row, null, c -> {
            for (ShardRow s : Gsm.shards(gsmSql(), c, map.id())) {
                if (s.primaryUrl().equals(primaryUrl)) {
                    throw new ShardStoreException("shard map " + map.name() + " already has a shard at " + primaryUrl);
                }
            }
        });
        return row;
    }

    /** Adds an ONLINE mapping {@code [low, high)} to a shard; refuses an overlap. */
    public MappingRow addMapping(MapRow map, ShardRow shard, byte[] low, byte[] high, String overlapMessage)
            throws SQLException {
        MappingRow row = new MappingRow(UUID.randomUUID(), map.id(), shard.id(), low, high, "ONLINE", 1);
        run(map, "ADD_MAPPING", shard, row, c -> {
            if (Gsm.overlaps(gsmSql(), c, map.id(), low, high)) {
                throw new ShardStoreException(overlapMessage);
            }
        });
        return row;
    }

    /** Sets a mapping's status; refuses if it changed since {@code expected} was read. */
    public MappingRow setStatus(MapRow map, ShardRow shard, MappingRow expected, String status) throws SQLException {
        MappingRow after = expected.withStatus(status);
        run(map, "SET_STATUS", shard, after, c -> current(c, map, expected));
        return after;
    }

    /** Deletes an OFFLINE mapping; refuses if it changed since {@code expected} was read. */
    public void removeMapping(MapRow map, ShardRow shard, MappingRow expected) throws SQLException {
        run(map, "REMOVE_MAPPING", shard, expected, c -> {
            MappingRow now = current(c, map, expected);
            if (!"OFFLINE".equals(now.status())) {
                throw new ShardStoreException("shard map " + map.name() + ": only an OFFLINE mapping can be deleted;"
                        + " mark it offline first");
            }
        });
    }

    private MappingRow current(Connection c, MapRow map, MappingRow expected) throws SQLException {
        MappingRow now = Gsm.mapping(gsmSql(), c, expected.id());
        if (now == null || now.version() != expected.version()) {
            throw new ShardStoreException("shard map " + map.name() + ": the mapping changed since it was read"
                    + (now == null ? " (it was deleted)" : " (version " + expected.version() + " is now "
                    + now.version() + ")") + "; read it again");
        }
        return now;
    }

    interface Check {
        void run(Connection gsmConnection) throws SQLException;
    }

    private void run(MapRow map, String kind, ShardRow shard, MappingRow mapping, Check check) throws SQLException {
        try (Connection c = gsm.getConnection()) {
            lockMap(c, map.id());
            try {
                recover(c, map.id());
                OperationLog.Op op = new OperationLog.Op(UUID.randomUUID(), map.id(), kind, shard, mapping);
                Lsm.inTransaction(c, () -> {
                    check.run(c);
                    OperationLog.insert(gsmSql(), c, op);
                });
                hook.reached(kind, Step.LOGGED);
                OperationReplay.complete(this, hook, c, map, op);
            } finally {
                unlockMap(c, map.id());
            }
        }
    }

    /** Completes the map's interrupted repairs and logged operations; the caller holds its lock. */
    void recover(Connection c, UUID mapId) throws SQLException {
        OperationReplay.recover(this, hook, c, mapId);
    }

    /** Work done on a GSM session while the map's lock is held. */
    public interface LockedWork<T> {
        T run(Connection gsmConnection) throws SQLException;
    }

    /**
     * Runs {@code work} under the map's advisory lock, after completing the map's logged
     * operations, so it never interleaves with another change of the map (used by the mover).
     */
    public <T> T withMapLocked(UUID mapId, LockedWork<T> work) throws SQLException {
        try (Connection c = gsm.getConnection()) {
            lockMap(c, mapId);
            try {
                recover(c, mapId);
                return work.run(c);
            } finally {
                unlockMap(c, mapId);
            }
        }
    }

    /** @return a connection to the shard-map-manager database */
    public Connection gsmConnection() throws SQLException {
        return gsm.getConnection();
    }

    /** @return the recovery manager's access to this store (repairs run under the same map locks) */
    public RecoveryStore recovery() {
        return new RecoveryStore(gsm, this, hook);
    }

    /** @return a copy of the manager's shard credentials (for a subscription's conninfo; never logged) */
    public Properties shardCredentials() {
        Properties p = new Properties();
        p.putAll(credentials);
        return p;
    }

    /** A connection to a shard's primary with the manager's credentials. */
    public Connection shard(String primaryUrl) throws SQLException {
        return DriverManager.getConnection(primaryUrl,
                primaryUrl.startsWith("jdbc:sqlserver:") ? sqlServerCredentials : credentials);
    }

    /** @return the GSM's dialect (detected once, at {@link #start} or on first use) */
    public StoreSql gsmSql() throws SQLException {
        StoreSql q = gsmSql;
        if (q == null) {
            try (Connection c = gsm.getConnection()) {
                q = StoreSql.of(c);
            }
            gsmSql = q;
        }
        return q;
    }

    /** @return the dialect of the shard database at {@code url}, detected once from {@code c} */
    public StoreSql shardSql(String url, Connection c) throws SQLException {
        StoreSql q = shardSql.get(url);
        if (q == null) {
            q = StoreSql.of(c);
            shardSql.put(url, q);
        }
        return q;
    }

    /** Takes the map's change lock on this GSM session (waits for it). */
    void lockMap(Connection c, UUID mapId) throws SQLException {
        MapLocks.lock(gsmSql(), c, mapId);
    }

    void unlockMap(Connection c, UUID mapId) {
        MapLocks.unlock(this, c, mapId);
    }
}
