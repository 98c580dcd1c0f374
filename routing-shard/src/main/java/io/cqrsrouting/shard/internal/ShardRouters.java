package io.cqrsrouting.shard.internal;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingDataSourceBuilder;
import io.cqrsrouting.shard.internal.Rows.ShardRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One {@link RoutingDataSource} per shard, built on first use and closed with the owner. Each is
 * named {@code <map>/<shard id>}, so read-your-writes tokens are per shard and agree between
 * application instances, and its pools are named {@code cqrs-<map>-<shard id>-<endpoint>} (unique
 * in the JVM: a second data source over the same map gets a {@code -2} suffix).
 */
public final class ShardRouters implements AutoCloseable {

    private final String mapName;
    private final String username;
    private final String password;
    private final boolean clusterMode;
    private final Consumer<RoutingDataSourceBuilder> customizer;
    private final Map<UUID, RoutingDataSource> routers = new ConcurrentHashMap<>();
    /** The shard row each router was built for: a shard moved by recovery (failover) gets a new router. */
    private final Map<UUID, ShardRow> builtFor = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param clusterMode whether a shard's URLs are nodes whose roles the router discovers
     *     ({@code node(...)}) rather than a fixed primary and replicas
     */
    public ShardRouters(String mapName, String username, String password, boolean clusterMode,
            Consumer<RoutingDataSourceBuilder> customizer) {
        this.mapName = mapName;
        this.clusterMode = clusterMode;
        this.username = username;
        this.password = password;
        this.customizer = customizer;
    }

    /** @return the shard's router, building it on first use */
    public RoutingDataSource get(ShardRow shard) {
        RoutingDataSource r = routers.get(shard.id());
        if (r != null) {
            ShardRow was = builtFor.get(shard.id());
            if (was == shard || was == null || sameLocation(was, shard) || shard.version() <= was.version()) {
                return r; // same place, or an older row than the router's (a thread with an old snapshot)
            }
        }
        return build(shard);
    }

    private static boolean sameLocation(ShardRow a, ShardRow b) {
        return a.primaryUrl().equals(b.primaryUrl()) && a.replicaUrls().equals(b.replicaUrls());
    }

    /**
     * Builds the routers of the given shards that are not built yet (their pools open connections
     * in the background), so that keys arriving there find them warm. Never fails the caller.
     */
    public void warm(ShardRow[] shards, List<UUID> ids) {
        for (ShardRow s : shards) {
            if (ids.contains(s.id()) && !routers.containsKey(s.id())) {
                try {
                    get(s);
                } catch (RuntimeException e) {
                    // closed, or a bad location: the first real use reports it
                }
            }
        }
    }

    /** @return the router of a shard id if built, else {@code null} */
    public RoutingDataSource ifBuilt(UUID shardId) {
        return routers.get(shardId);
    }

    /** @return the routers built so far */
    public List<RoutingDataSource> built() {
        return new ArrayList<>(routers.values());
    }

    /** @return the router name of a shard: {@code <map>/<shard id>} */
    public String nameOf(UUID shardId) {
        return mapName + "/" + shardId;
    }

    private RoutingDataSource build(ShardRow shard) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the sharded data source of map " + mapName + " is closed");
            }
            RoutingDataSource existing = routers.get(shard.id());
            ShardRow was = builtFor.get(shard.id());
            if (existing != null && was != null && !sameLocation(was, shard) && shard.version() > was.version()) {
                // relocated (RecoveryManager.failover): drop the old location's pools and their connections
                routers.remove(shard.id());
                existing.close();
            }
            if (routers.containsKey(shard.id())) {
                return routers.get(shard.id());
            }
            builtFor.put(shard.id(), shard);
            return routers.computeIfAbsent(shard.id(), id -> {
                RoutingDataSourceBuilder b = RoutingDataSource.builder().name(nameOf(id));
                if (clusterMode) {
                    b.node(shard.primaryUrl(), username, password);
                    for (String node : shard.replicaUrls()) {
                        b.node(node, username, password);
                    }
                } else {
                    b.primary(shard.primaryUrl(), username, password);
                    for (String replica : shard.replicaUrls()) {
                        b.replica(replica, username, password);
                    }
                }
                customizer.accept(b);
                return b.build();
            });
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (RoutingDataSource r : routers.values()) {
            r.close();
        }
        routers.clear();
    }
}
