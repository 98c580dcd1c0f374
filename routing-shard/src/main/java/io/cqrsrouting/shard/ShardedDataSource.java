package io.cqrsrouting.shard;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingDataSourceBuilder;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.shard.internal.FanOutRunner;
import io.cqrsrouting.shard.internal.MappingCache;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.ShardRouters;
import io.cqrsrouting.shard.internal.ShardScope;
import io.cqrsrouting.shard.internal.Validator;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over the shards of one shard map: {@link #getConnection()} goes to the
 * shard holding the current shard key ({@link Sharding#withKey}, {@code @ShardKey}) and there to
 * the primary or a replica by the routing intent, through one {@link RoutingDataSource} per shard
 * (built on first use, closed with this).
 *
 * <p>The key is looked up in a client-side copy of the map (binary search, no allocation). Every
 * connection is then <b>validated against the shard's local shard map</b> before it is handed out:
 * the mapping must be there, at the cached version, ONLINE. A newer version there means the cache
 * is stale: it is refreshed from the global map and the call retried once (never served from the
 * wrong shard). An OFFLINE mapping is refused with {@link ShardMappingOfflineException}
 * (retryable). On a replica that has not replayed the latest change of the mapping yet, the
 * connection is taken from the shard's primary instead.
 */
public final class ShardedDataSource implements DataSource, AutoCloseable {

    private final String mapName;
    private final ShardMap<?, ?> map;
    private final ShardRouters routers;
    private final FanOutRunner fanOut;
    private final ShardRoutingStats stats;
    private final Snapshots snapshots;

    private ShardedDataSource(Builder b, ShardMap<?, ?> map) {
        this.mapName = map.name();
        this.map = map;
        this.routers = new ShardRouters(mapName, b.manager.username(), b.manager.password(), b.routerCustomizer);
        this.fanOut = new FanOutRunner(mapName, b.fanOutThreads, b.fanOutTimeoutMillis);
        this.stats = new ShardRoutingStats();
        this.snapshots = new Snapshots(map);
        snapshots.refresh(null);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the shard map's name */
    public String mapName() {
        return mapName;
    }

    // ---------------------------------------------------------------- per-call path

    @Override
    public Connection getConnection() throws SQLException {
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
                throw offline();
            }
            RoutingDataSource router = routers.get(shard);
            Connection c = router.getConnection();
            int outcome = validate(c, row);
            if (outcome == Validator.OLDER) {
                // a replica behind on this mapping: the shard's primary has the current LSM
                close(c);
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
            close(c);
            snapshots.refresh(snap);
            if (outcome == Validator.OFFLINE) {
                throw offline();
            }
            stats.staleMappings.increment();
            if (attempt > 0) {
                throw new SQLTransientException("shard map " + mapName + ": the mapping of the given "
                        + map.type().displayName() + " key changed again while connecting; retry", "40001");
            }
        }
    }

    private int validate(Connection c, MappingRow row) throws SQLException {
        stats.validations.increment();
        try {
            return Validator.check(c, row);
        } catch (SQLException | RuntimeException e) {
            close(c);
            stats.validationErrors.increment();
            throw e; // never treated as valid
        }
    }

    private ShardMappingOfflineException offline() {
        stats.offlineRejections.increment();
        return new ShardMappingOfflineException("shard map " + mapName + ": the mapping of the given "
                + map.type().displayName() + " key is OFFLINE; retry later");
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already unusable
        }
    }

    // ---------------------------------------------------------------- multi-shard

    /**
     * Runs {@code work} on every shard in parallel (on replicas unless the caller's routing scope
     * says otherwise) and concatenates the rows in shard order.
     *
     * @throws SQLException naming the first shard that failed or did not answer in time
     */
    public <T> List<T> fanOut(ShardWork<T> work) throws SQLException {
        FanOutResult<T> r = run(work, false);
        return r.rows();
    }

    /**
     * Like {@link #fanOut}, but a failing or slow shard does not fail the call: its rows are missing
     * and the result names it.
     */
    public <T> FanOutResult<T> fanOutPartial(ShardWork<T> work) throws SQLException {
        return run(work, true);
    }

    private <T> FanOutResult<T> run(ShardWork<T> work, boolean partial) throws SQLException {
        Objects.requireNonNull(work, "work");
        Snapshots.Snapshot snap = snapshots.refresh(null);
        List<Callable<List<T>>> tasks = new ArrayList<>();
        for (ShardRow s : snap.shards()) {
            RoutingDataSource router = routers.get(s);
            tasks.add(() -> {
                try (Connection c = router.getConnection()) {
                    return work.run(c);
                }
            });
        }
        List<FanOutRunner.Outcome<T>> outcomes;
        try {
            outcomes = fanOut.run(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while fanning out over shard map " + mapName, e);
        }
        List<T> rows = new ArrayList<>();
        List<Shard> missing = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            FanOutRunner.Outcome<T> o = outcomes.get(i);
            if (o.failure() == null) {
                rows.addAll(o.rows());
                continue;
            }
            Shard shard = new Shard(mapName, snap.shards()[i]);
            if (!partial) {
                throw new SQLException("fan-out over shard map " + mapName + " failed on shard "
                        + shard.location().primaryJdbcUrl() + ": " + o.failure(), o.failure());
            }
            missing.add(shard);
        }
        return new FanOutResult<>(List.copyOf(rows), List.copyOf(missing));
    }

    // ---------------------------------------------------------------- operations

    /** @return counters of this data source's routing (cache, validation, offline, per shard) */
    public ShardRoutingStats stats() {
        return stats;
    }

    /** @return the shards as last read from the global map */
    public List<Shard> shards() {
        List<Shard> out = new ArrayList<>();
        for (ShardRow s : snapshots.current().shards()) {
            out.add(new Shard(mapName, s));
        }
        return out;
    }

    /** @return the router of a shard (built on first use), for its health and tokens */
    public RoutingDataSource router(Shard shard) {
        return routers.get(shard.row());
    }

    /**
     * @return every shard's health from its router's monitor (builds routers not yet built; their
     *     first probes may not have run yet)
     */
    public List<ShardHealth> health() {
        List<ShardHealth> out = new ArrayList<>();
        for (ShardRow s : snapshots.current().shards()) {
            RoutingDataSource r = routers.get(s);
            int up = 0;
            int replicas = 0;
            for (var e : r.endpoints()) {
                if (e.declaredRoute() == io.cqrsrouting.core.Route.REPLICA) {
                    replicas++;
                    up += e.reachable() ? 1 : 0;
                }
            }
            out.add(new ShardHealth(new Shard(mapName, s), !r.writesUnavailable(), up, replicas));
        }
        return out;
    }

    /** Re-reads the map from the global shard map now. */
    public void refresh() {
        snapshots.refresh(null);
    }

    /**
     * @return the calling thread's read-your-writes token over every shard it wrote to, to hand
     *     to a later request ({@link #importToken}); {@code null} if it wrote nothing
     */
    public String exportToken() {
        return ShardTokens.export(routers, snapshots.current().shards());
    }

    /** Imports a token from {@link #exportToken}; invalid parts are ignored. @return whether any part was accepted */
    public boolean importToken(String token) {
        return ShardTokens.importAll(routers, snapshots.current().shards(), token);
    }

    /** Closes every shard router this built and the fan-out threads. */
    @Override
    public void close() {
        fanOut.close();
        routers.close();
    }

    @Override
    public String toString() {
        return "ShardedDataSource[" + mapName + ", " + snapshots.current().shards().length + " shards]";
    }

    // ---------------------------------------------------------------- DataSource boilerplate

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("ShardedDataSource uses the shard map manager's credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /** Builds a {@link ShardedDataSource}. */
    public static final class Builder {

        private ShardMapManager manager;
        private String map;
        private Consumer<RoutingDataSourceBuilder> routerCustomizer = b -> { };
        private int fanOutThreads = 8;
        private long fanOutTimeoutMillis = 30_000;

        private Builder() {
        }

        /** @param manager the shard map manager (its credentials open the shard connections) */
        public Builder manager(ShardMapManager manager) {
            this.manager = manager;
            return this;
        }

        /** @param name the shard map to route over */
        public Builder map(String name) {
            this.map = name;
            return this;
        }

        /**
         * @param customizer applied to every shard's router builder after its primary, replicas and
         *     name are set (pool size, staleness bound, monitor interval, listeners...)
         */
        public Builder routerCustomizer(Consumer<RoutingDataSourceBuilder> customizer) {
            this.routerCustomizer = Objects.requireNonNull(customizer, "routerCustomizer");
            return this;
        }

        /** @param threads threads of the fan-out pool (default 8) */
        public Builder fanOutThreads(int threads) {
            this.fanOutThreads = threads;
            return this;
        }

        /** @param timeout how long a fan-out waits for all shards (default 30 s) */
        public Builder fanOutTimeout(java.time.Duration timeout) {
            this.fanOutTimeoutMillis = timeout == null ? -1 : timeout.toMillis();
            return this;
        }

        /**
         * @throws ShardMapException naming the setting if one is missing or invalid, or the map is unknown
         */
        public ShardedDataSource build() {
            if (manager == null) {
                throw new ShardMapException("ShardedDataSource: manager(ShardMapManager) is required");
            }
            if (map == null || map.isBlank()) {
                throw new ShardMapException("ShardedDataSource: map(name) is required");
            }
            if (fanOutThreads < 1) {
                throw new ShardMapException("ShardedDataSource: fanOutThreads must be >= 1: " + fanOutThreads);
            }
            if (fanOutTimeoutMillis <= 0) {
                throw new ShardMapException("ShardedDataSource: fanOutTimeout must be positive: "
                        + fanOutTimeoutMillis + " ms");
            }
            return new ShardedDataSource(this, manager.map(map));
        }
    }
}
