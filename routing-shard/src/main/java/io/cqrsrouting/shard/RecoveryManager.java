package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.Differences;
import io.cqrsrouting.shard.internal.Differences.Diff;
import io.cqrsrouting.shard.internal.RecoveryStep;
import io.cqrsrouting.shard.internal.RecoveryStore;
import io.cqrsrouting.shard.internal.RecoveryStore.LocalShard;
import io.cqrsrouting.shard.internal.Rows.MapRow;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.ShardStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Repairs the shard maps when the global map (GSM) and a shard's local map (LSM) fall out of
 * step: after a shard was dropped, moved to another server by a geo-failover, or restored to an
 * earlier point in time. See {@code docs/sharding-recovery.md} for the runbook.
 *
 * <p>Every repair runs like every other map change: under the map's lock, written to the GSM's
 * log before it starts, and completed by the next change of the map or the next manager start if
 * the process dies midway. Obtain one from {@link ShardMapManager#recoveryManager()}.
 */
public final class RecoveryManager {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryManager.class);

    private final RecoveryStore store;
    private final RecoveryListener listener;

    RecoveryManager(RecoveryStore store, RecoveryListener listener) {
        this.store = store;
        this.listener = listener;
    }

    /** @return a recovery manager that reports every step and detection to {@code listener} */
    public RecoveryManager withListener(RecoveryListener listener) {
        return new RecoveryManager(store, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes the shard at {@code location} and its mappings from the global map of every map
     * that has one there. The shard database, its data and its local map are left alone, so
     * {@link #attachShard} can bring it back. Routing to its keys then fails with "no mapping".
     *
     * @throws ShardMapException if no map has a shard at that primary URL
     */
    public void detachShard(ShardLocation location) {
        String url = location.primaryJdbcUrl();
        List<ShardRow> shards = sql("detach " + url, () -> {
            try (Connection c = store.gsmConnection()) {
                return store.shardsAt(c, url);
            }
        });
        if (shards.isEmpty()) {
            throw new ShardMapException("no shard map has a shard at " + url + " (nothing to detach)");
        }
        for (ShardRow s : shards) {
            repair("DETACH", s.mapId(), url, c -> {
                ShardRow now = store.shard(c, s.id());
                List<RecoveryStep> steps = new ArrayList<>();
                if (now == null || !now.primaryUrl().equals(url)) {
                    return steps;
                }
                for (MappingRow m : store.mappings(c, s.mapId())) {
                    if (m.shardId().equals(s.id())) {
                        steps.add(new RecoveryStep(RecoveryStep.GSM, false, RecoveryStep.Action.DELETE_MAPPING, null, m));
                    }
                }
                steps.add(new RecoveryStep(RecoveryStep.GSM, false, RecoveryStep.Action.DELETE_SHARD, now, null));
                return steps;
            });
        }
    }

    /**
     * Registers the database at {@code location} in the global map, as the shard its local map
     * says it is (for every map in that local map; a map the GSM lacks is created), and adds the
     * local mappings that conflict with no global mapping. Conflicting ones are left for
     * {@link #detectMappingDifferences}. Running it again changes nothing.
     *
     * @throws ShardMapException if the database has no local shard map, or the global map has
     *         that shard at another location (detach it first, or use {@link #failover}), or
     *         another shard at this location
     */
    public void attachShard(ShardLocation location) {
        String url = location.primaryJdbcUrl();
        for (LocalShard ls : localShards(location)) {
            sql("attach " + url, () -> {
                try (Connection c = store.gsmConnection()) {
                    MapRow m = store.ensureMap(c, new MapRow(ls.mapId(), ls.mapName(), ls.kind(), ls.keyType()));
                    if (!m.id().equals(ls.mapId())) {
                        throw new ShardMapException("cannot attach " + url + ": the global map has another map named "
                                + ls.mapName() + " (the shard's local map belongs to a different one)");
                    }
                    return m;
                }
            });
            repair("ATTACH", ls.mapId(), url, c -> RecoveryPlans.attach(store, c, ls, location));
        }
    }

    /**
     * Compares the local map of the database at {@code location} with the global map, for every
     * map in that local map: the global mappings of the shard and every global mapping
     * overlapping a local one. Reads only.
     *
     * @return one token per differing sub-range, in map and key order (empty: the maps agree)
     * @throws ShardMapException if the database has no local shard map
     */
    public List<RecoveryToken> detectMappingDifferences(ShardLocation location) {
        long start = System.nanoTime();
        List<RecoveryToken> out = new ArrayList<>();
        for (LocalShard ls : localShards(location)) {
            List<MappingRow> local = sql("detect", () -> store.localMappings(location.primaryJdbcUrl(), ls.mapId()));
            List<MappingRow> global = sql("detect", () -> {
                try (Connection c = store.gsmConnection()) {
                    return store.map(c, ls.mapId()) == null ? List.<MappingRow>of() : store.mappings(c, ls.mapId());
                }
            });
            for (Diff d : Differences.compare(ls.shardId(), global, local)) {
                out.add(new RecoveryToken(ls.mapName(), ls.mapId(), "LIST".equals(ls.kind()), ls.keyType(), location,
                        ls.shardId(), d));
            }
            notify(new RecoveryEvent("DETECT", ls.mapName(), location.primaryJdbcUrl(),
                    (int) out.stream().filter(t -> t.mapId().equals(ls.mapId())).count(), since(start)));
        }
        List<RecoveryToken> result = List.copyOf(out);
        if (listener != null) {
            try {
                listener.detected(location, result);
            } catch (RuntimeException e) {
                LOG.warn("cqrs-routing recovery listener failed: {}", e.toString());
            }
        }
        return result;
    }

    /**
     * Settles one difference. {@link MappingDifferenceResolution#KEEP_SHARD_MAPPING}: the global
     * map takes the shard's mapping of the range (the whole local mapping holding it);
     * {@link MappingDifferenceResolution#KEEP_GLOBAL_MAPPING}: the shard's local map takes the
     * global one; {@link MappingDifferenceResolution#IGNORE}: nothing. Parts of a losing mapping
     * outside the winning one are kept as new mappings; a neighbouring token that shared that
     * mapping is then stale: detect again (or use {@link #resolveAll}).
     *
     * @throws StaleRecoveryTokenException if a mapping of the range changed since detection
     * @throws ShardMapException if keeping the shard's mapping needs the shard attached first
     */
    public void resolveMappingDifferences(RecoveryToken token, MappingDifferenceResolution resolution) {
        Objects.requireNonNull(token, "token");
        if (Objects.requireNonNull(resolution, "resolution") == MappingDifferenceResolution.IGNORE) {
            return;
        }
        boolean keepShard = resolution == MappingDifferenceResolution.KEEP_SHARD_MAPPING;
        repair("RESOLVE", token.mapId(), token.location().primaryJdbcUrl(),
                c -> RecoveryPlans.resolve(store, c, token, keepShard));
    }

    /**
     * Detects and resolves, one token at a time, until the shard's local map and the global map
     * agree.
     *
     * @return the differences resolved, in the order they were
     * @throws ShardMapException if they do not converge (another process keeps changing the map)
     */
    public List<RecoveryToken> resolveAll(ShardLocation location, MappingDifferenceResolution resolution) {
        List<RecoveryToken> done = new ArrayList<>();
        List<RecoveryToken> now = detectMappingDifferences(location);
        int bound = 4 * now.size() + 8;
        while (!now.isEmpty() && resolution != MappingDifferenceResolution.IGNORE) {
            if (done.size() >= bound) {
                throw new ShardMapException("the differences at " + location.primaryJdbcUrl() + " did not converge after "
                        + done.size() + " resolutions; is another process changing the map?");
            }
            try {
                resolveMappingDifferences(now.get(0), resolution);
                done.add(now.get(0));
            } catch (StaleRecoveryTokenException e) {
                LOG.debug("recovery token went stale, detecting again");
            }
            now = detectMappingDifferences(location);
        }
        return List.copyOf(done);
    }

    /**
     * Moves a shard to the primary at {@code newLocation} after a geo-failover (its standby there
     * was promoted) — the detach/attach/detect/resolve sequence as one call, keeping the shard's
     * mappings. Each map's shard is relocated in one logged step: the old primary's local map
     * takes every mapping OFFLINE at a newer version and its other sessions are ended (skipped
     * if it cannot be reached or is read-only), the new local map and the global map take the
     * mappings at a version newer still, and the global map points the shard at the new
     * location. Clients that cached the old location are refused (retryable) and refresh. Then
     * remaining differences are resolved keeping the shard's mapping. Running it again only
     * fences the old primary again.
     *
     * @return the differences resolved after the relocation (empty after a clean failover)
     * @throws ShardMapException if the new database's local map is missing, or its shard is
     *         registered neither at the old nor the new location
     */
    public List<RecoveryToken> failover(ShardLocation oldLocation, ShardLocation newLocation) {
        for (LocalShard ls : localShards(newLocation)) {
            repair("FAILOVER", ls.mapId(), newLocation.primaryJdbcUrl(),
                    c -> RecoveryPlans.failover(store, c, ls, oldLocation, newLocation));
        }
        return resolveAll(newLocation, MappingDifferenceResolution.KEEP_SHARD_MAPPING);
    }

    /**
     * Counts rows of a sharded table at {@code location} whose shard key is outside every
     * mapping the global map gives that shard in {@code mapName} (left behind by a restore or an
     * interrupted move). Reports only: nothing is deleted. Reads every key of the table.
     *
     * @param table a table name, optionally schema-qualified ({@code sales.orders})
     * @param keyColumn the column holding the shard key
     * @throws ShardMapException if a name is not a plain SQL identifier or the shard is not in the map
     */
    public long countOrphanedRows(ShardLocation location, String mapName, String table, String keyColumn) {
        return sql("count orphaned rows at " + location.primaryJdbcUrl(),
                () -> RecoveryPlans.countOrphans(store, location.primaryJdbcUrl(), mapName, table, keyColumn));
    }

    /**
     * @return how many logged repairs have not completed: interrupted ones (finished by the next
     *     change of their map or the next manager start) and ones running now; for health checks
     */
    public int pendingRepairs() {
        return sql("count pending repairs", store::pendingRepairs);
    }

    private List<LocalShard> localShards(ShardLocation location) {
        List<LocalShard> local = sql("read the local shard map at " + location.primaryJdbcUrl(),
                () -> store.localShards(location.primaryJdbcUrl()));
        if (local.isEmpty()) {
            throw new ShardMapException("the database at " + location.primaryJdbcUrl() + " has no local shard map");
        }
        return local;
    }

    private void repair(String kind, java.util.UUID mapId, String url, RecoveryStore.Planner planner) {
        long start = System.nanoTime();
        List<RecoveryStep> steps = sql(kind.toLowerCase(java.util.Locale.ROOT) + " " + url,
                () -> store.repair(mapId, kind, planner));
        String name = sql("read map", () -> {
            try (Connection c = store.gsmConnection()) {
                MapRow m = store.map(c, mapId);
                return m == null ? mapId.toString() : m.name();
            }
        });
        LOG.info("cqrs-routing shard recovery: {} of {} at {}: {} writes", kind, name, url, steps.size());
        notify(new RecoveryEvent(kind, name, url, steps.size(), since(start)));
    }

    private void notify(RecoveryEvent e) {
        if (listener != null) {
            try {
                listener.repaired(e);
            } catch (RuntimeException ex) {
                LOG.warn("cqrs-routing recovery listener failed: {}", ex.toString());
            }
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    interface SqlCall<T> {
        T call() throws SQLException;
    }

    static <T> T sql(String what, SqlCall<T> call) {
        try {
            return call.call();
        } catch (ShardStoreException e) {
            throw new ShardMapException(e.getMessage(), e.getCause());
        } catch (SQLException e) {
            throw new ShardMapException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "RecoveryManager";
    }
}
