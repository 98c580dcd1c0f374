package io.cqrsrouting.shard.spring;

import io.cqrsrouting.shard.Shard;
import io.cqrsrouting.shard.ShardHealth;
import io.cqrsrouting.shard.ShardRoutingStats;
import io.cqrsrouting.shard.ShardedDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of a {@link ShardedDataSource}, all tagged {@code map}:
 * <ul>
 * <li>{@code cqrs.shard.cache} (counter, {@code result=hit|miss}): key lookups;</li>
 * <li>{@code cqrs.shard.validations} (counter, {@code outcome=checked|stale|replica_behind|error}):
 *     connections checked against a local shard map, and how many were not valid;</li>
 * <li>{@code cqrs.shard.offline.rejections} (counter): connections refused, mapping OFFLINE;</li>
 * <li>{@code cqrs.shard.connections} (counter, {@code shard}): connections handed out per shard;</li>
 * <li>{@code cqrs.shard.up} (gauge, {@code shard}): 1 while the shard's primary is writable and a
 *     replica (if any) reachable.</li>
 * </ul>
 * Shards are those of the map when bound. Meters read the data source's counters; nothing is
 * added to the routing path. Shard tags are the shard's primary URL (no credentials in it).
 */
public final class ShardMetrics implements MeterBinder {

    private final ShardedDataSource dataSource;

    /** @param dataSource the sharded data source to report on */
    public ShardMetrics(ShardedDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String map = dataSource.mapName();
        ShardRoutingStats s = dataSource.stats();
        FunctionCounter.builder("cqrs.shard.cache", s, ShardRoutingStats::cacheHits).tag("map", map)
                .tag("result", "hit").description("shard key lookups served by the client cache").register(registry);
        FunctionCounter.builder("cqrs.shard.cache", s, ShardRoutingStats::cacheMisses).tag("map", map)
                .tag("result", "miss").description("shard key lookups that re-read the global map").register(registry);
        FunctionCounter.builder("cqrs.shard.validations", s, ShardRoutingStats::validations).tag("map", map)
                .tag("outcome", "checked").register(registry);
        FunctionCounter.builder("cqrs.shard.validations", s, ShardRoutingStats::staleMappings).tag("map", map)
                .tag("outcome", "stale").register(registry);
        FunctionCounter.builder("cqrs.shard.validations", s, ShardRoutingStats::replicaBehind).tag("map", map)
                .tag("outcome", "replica_behind").register(registry);
        FunctionCounter.builder("cqrs.shard.validations", s, ShardRoutingStats::validationErrors).tag("map", map)
                .tag("outcome", "error").register(registry);
        FunctionCounter.builder("cqrs.shard.offline.rejections", s, ShardRoutingStats::offlineRejections)
                .tag("map", map).register(registry);
        for (Shard shard : dataSource.shards()) {
            String tag = shard.location().primaryJdbcUrl();
            FunctionCounter.builder("cqrs.shard.connections", s, st -> st.perShard().getOrDefault(shard.id(), 0L))
                    .tag("map", map).tag("shard", tag).register(registry);
            Gauge.builder("cqrs.shard.up", dataSource, ds -> up(ds, shard)).tag("map", map).tag("shard", tag)
                    .register(registry);
        }
    }

    private static double up(ShardedDataSource ds, Shard shard) {
        for (ShardHealth h : ds.health()) {
            if (h.shard().equals(shard)) {
                return h.up() ? 1 : 0;
            }
        }
        return 0;
    }
}
