package io.cqrsrouting.shard;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingDataSourceBuilder;
import io.cqrsrouting.shard.internal.FanOutRunner;
import io.cqrsrouting.shard.internal.Leases;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.ShardRouters;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
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
    private final ShardRouters routers;
    private final ShardFanOut fanOut;
    private final ShardRoutingStats stats;
    private final Snapshots snapshots;
    private final KeyRouting keyRouting;

    private ShardedDataSource(Builder b, ShardMap<?, ?> map) {
        this.mapName = map.name();
        this.routers = new ShardRouters(mapName, b.manager.username(), b.manager.password(), b.clusterMode,
                b.routerCustomizer);
        this.stats = new ShardRoutingStats();
        this.snapshots = new Snapshots(map);
        snapshots.refresh(null);
        this.fanOut = new ShardFanOut(mapName, snapshots, routers,
                new FanOutRunner(mapName, b.fanOutThreads, b.fanOutTimeoutMillis, b.fanOutShardTimeoutMillis));
        this.keyRouting = new KeyRouting(map, snapshots, routers, stats,
                b.validation == ShardValidation.LEASE ? new Leases() : null);
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
        return keyRouting.connect();
    }

    // ---------------------------------------------------------------- multi-shard

    /**
     * Runs {@code work} on every shard in parallel (on replicas unless the caller's routing scope
     * says otherwise) and concatenates the rows in shard order.
     *
     * @throws SQLException naming the first shard that failed; a {@link java.sql.SQLTimeoutException}
     *     if that shard did not answer within its deadline ({@link Builder#fanOutShardTimeout})
     *     or the fan-out's ({@link Builder#fanOutTimeout})
     */
    public <T> List<T> fanOut(ShardWork<T> work) throws SQLException {
        return fanOut.run(work, false).rows();
    }

    /**
     * Like {@link #fanOut}, but a failing or slow shard does not fail the call: its rows are missing
     * and the result names it, and says whether it timed out.
     */
    public <T> FanOutResult<T> fanOutPartial(ShardWork<T> work) throws SQLException {
        return fanOut.run(work, true);
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
        private long fanOutShardTimeoutMillis = 10_000;
        private boolean clusterMode;
        private ShardValidation validation = ShardValidation.PER_CHECKOUT;

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
            this.routerCustomizer = java.util.Objects.requireNonNull(customizer, "routerCustomizer");
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
         * @param timeout how long one shard of a fan-out may take, from when its task starts
         *     (default 10 s, at most {@link #fanOutTimeout}): a shard past it is reported as timed
         *     out ({@link FanOutResult#timedOutShards()}) and its connection aborted, while the other
         *     shards go on
         */
        public Builder fanOutShardTimeout(java.time.Duration timeout) {
            this.fanOutShardTimeoutMillis = timeout == null ? -1 : timeout.toMillis();
            return this;
        }

        /**
         * @param validation how connections are checked against the shard's local map (default
         *     {@link ShardValidation#PER_CHECKOUT})
         */
        public Builder validation(ShardValidation validation) {
            this.validation = java.util.Objects.requireNonNull(validation, "validation");
            return this;
        }

        /**
         * @param clusterMode {@code true}: every shard's primary and replica URLs are the nodes of a
         *     self-managed cluster (PostgreSQL primary and standbys) whose roles each shard's router
         *     discovers ({@link RoutingDataSourceBuilder#node}); after a promotion inside a shard its
         *     router finds the new primary by itself and the shard map needs no change. The old
         *     primary must be stopped or demoted by whatever promoted the standby (default
         *     {@code false}: the location's primary URL takes writes)
         */
        public Builder clusterMode(boolean clusterMode) {
            this.clusterMode = clusterMode;
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
            if (fanOutShardTimeoutMillis <= 0 || fanOutShardTimeoutMillis > fanOutTimeoutMillis) {
                throw new ShardMapException("ShardedDataSource: fanOutShardTimeout must be positive and at most"
                        + " fanOutTimeout (" + fanOutTimeoutMillis + " ms): " + fanOutShardTimeoutMillis + " ms");
            }
            return new ShardedDataSource(this, manager.map(map));
        }
    }
}
