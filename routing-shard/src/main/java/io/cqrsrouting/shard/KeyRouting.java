package io.cqrsrouting.shard;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.Leases;
import io.cqrsrouting.shard.internal.ShardRouters;
import io.cqrsrouting.shard.internal.ShardScope;
import io.cqrsrouting.shard.internal.Validator;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * The per-call path of {@link ShardedDataSource#getConnection()}: key → cached mapping → shard
 * router → connection, validated against the shard's local map before it is handed out.
 */
final class KeyRouting {

    private final String mapName;
    private final ShardMap<?, ?> map;
    private final Snapshots snapshots;
    private final ShardRouters routers;
    private final ShardRoutingStats stats;
    private final Leases leases;
    /** When the routers of moving ranges' targets were last warmed (nanoTime; 0: never). */
    private volatile long warmedAt;

    /** @param leases the validation leases, or {@code null}: a validation query at every checkout */
    KeyRouting(ShardMap<?, ?> map, Snapshots snapshots, ShardRouters routers, ShardRoutingStats stats,
            Leases leases) {
        this.leases = leases;
        this.mapName = map.name();
        this.map = map;
        this.snapshots = snapshots;
        this.routers = routers;
        this.stats = stats;
    }

    Connection connect() throws SQLException {
        Object key = ShardScope.current().keyFor(mapName);
        if (key == null) {
            throw new ShardMapException("no shard key for map " + mapName + ": open a scope with Sharding.withKey(\""
                    + mapName + "\", key, ...) or annotate a parameter with @ShardKey(\"" + mapName + "\")");
        }
        if (!map.type().accepts(key)) {
            throw new ShardMapException("shard map " + mapName + " takes " + map.type().displayName()
                    + " keys, not " + key.getClass().getSimpleName());
        }
        for (int attempt = 0; ; attempt++) {
            Snapshots.Snapshot snap = snapshots.current();
            int i = snap.cache().find(key);
            if (i < 0) {
                stats.cacheMisses.increment();
                snap = snapshots.refresh(snap);
                i = snap.cache().find(key);
                if (i < 0) {
                    throw new ShardMapException("shard map " + mapName + " has no mapping for the given "
                            + map.type().displayName() + " key");
                }
            } else {
                stats.cacheHits.increment();
            }
            MappingRow row = snap.cache().row(i);
            ShardRow shard = snap.shards()[snap.cache().shard(i)];
            if (!"ONLINE".equals(row.status()) && attempt == 0) {
                snapshots.refresh(snap); // it may be back online: look again, once
                continue;
            }
            if (!"ONLINE".equals(row.status())) {
                warmMoveTargets(snap);
                throw offline();
            }
            RoutingDataSource router = routers.get(shard);
            Connection c = router.getConnection();
            int outcome = validate(c, row);
            if (outcome == Validator.OLDER || outcome == Validator.MISSING) {
                // a replica behind on this mapping (older version, or a mapping moved in that it has not
                // replayed yet, with the moved rows): the shard's primary has the current LSM
                refused(c);
                stats.replicaBehind.increment();
                int mark = RoutingSpi.enter(RoutingIntent.consistent());
                try {
                    c = router.getConnection();
                } finally {
                    RoutingSpi.exit(mark);
                }
                outcome = validate(c, row);
            }
            if (outcome == Validator.VALID) {
                stats.routed(shard.id());
                return c;
            }
            refused(c);
            snapshots.refresh(snap);
            if (outcome == Validator.OFFLINE) {
                warmMoveTargets(snapshots.current());
                throw offline();
            }
            stats.staleMappings.increment();
            // a mapping changed under the client, likely a move carving its range out (an online move never
            // takes it offline): warm the move targets now, so the first request after the switch is cheap
            warmMoveTargets(snapshots.current());
            if (attempt > 0) {
                throw new SQLTransientException("shard map " + mapName + ": the mapping of the given "
                        + map.type().displayName() + " key changed again while connecting; retry", "40001");
            }
        }
    }

    private int validate(Connection c, MappingRow row) throws SQLException {
        stats.validations.increment();
        try {
            if (leases == null) {
                return Validator.check(c, row);
            }
            int outcome = leases.check(c, row);
            if (outcome == Leases.LEASED) {
                stats.leaseHits.increment();
                return Validator.VALID;
            }
            return outcome;
        } catch (SQLException | RuntimeException e) {
            close(c);
            stats.validationErrors.increment();
            throw e; // never treated as valid
        }
    }

    /**
     * A mapping is offline or changed, most likely for a move: builds the routers of the shards that
     * moves of this map are filling (at most once a second, on these refused or stale paths only), so
     * that the first requests after the switch do not wait for a new pool's logins.
     */
    private void warmMoveTargets(Snapshots.Snapshot snap) {
        long now = System.nanoTime();
        if (warmedAt != 0 && now - warmedAt < 1_000_000_000L) {
            return;
        }
        warmedAt = now;
        try {
            routers.warm(snap.shards(), map.store.moveTargets(map.row.id()));
        } catch (SQLException | RuntimeException e) {
            // only a warm-up: the request is refused as offline either way
        }
    }

    private ShardMappingOfflineException offline() {
        stats.offlineRejections.increment();
        return new ShardMappingOfflineException("shard map " + mapName + ": the mapping of the given "
                + map.type().displayName() + " key is OFFLINE; retry later");
    }

    /** A connection its validation refused goes back to its pool marked as such (see {@link Validator#CLEAR}). */
    private static void refused(Connection c) {
        Validator.clear(c);
        close(c);
    }

    static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already unusable
        }
    }
}
