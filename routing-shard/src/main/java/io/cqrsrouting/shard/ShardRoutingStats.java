package io.cqrsrouting.shard;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a {@link ShardedDataSource}: key cache hits and misses, validations against
 * local shard maps and their outcomes, OFFLINE refusals, connections per shard. Cheap to update
 * (striped adders); read them for metrics ({@code ShardMetrics} binds them to Micrometer).
 */
public final class ShardRoutingStats {

    final LongAdder cacheHits = new LongAdder();
    final LongAdder cacheMisses = new LongAdder();
    final LongAdder validations = new LongAdder();
    final LongAdder leaseHits = new LongAdder();
    final LongAdder validationErrors = new LongAdder();
    final LongAdder staleMappings = new LongAdder();
    final LongAdder replicaBehind = new LongAdder();
    final LongAdder offlineRejections = new LongAdder();
    private final Map<UUID, LongAdder> perShard = new ConcurrentHashMap<>();

    ShardRoutingStats() {
    }

    void routed(UUID shard) {
        LongAdder a = perShard.get(shard);
        (a != null ? a : perShard.computeIfAbsent(shard, k -> new LongAdder())).increment();
    }

    /** @return key lookups served by the client cache */
    public long cacheHits() {
        return cacheHits.sum();
    }

    /** @return key lookups the cache could not serve (the map was re-read) */
    public long cacheMisses() {
        return cacheMisses.sum();
    }

    /** @return connections checked against a local shard map */
    public long validations() {
        return validations.sum();
    }

    /**
     * @return validations answered by the connection's validation lease, with no query
     *     ({@link ShardValidation#LEASE}); the others each cost one round trip
     */
    public long leaseHits() {
        return leaseHits.sum();
    }

    /** @return validations that failed with an error (the connection was not used) */
    public long validationErrors() {
        return validationErrors.sum();
    }

    /** @return validations that found a newer or missing mapping: cache refreshed, call retried */
    public long staleMappings() {
        return staleMappings.sum();
    }

    /** @return replica connections whose LSM had not replayed the mapping yet (primary used) */
    public long replicaBehind() {
        return replicaBehind.sum();
    }

    /** @return connections refused because the mapping is OFFLINE */
    public long offlineRejections() {
        return offlineRejections.sum();
    }

    /** @return connections handed out per shard id */
    public Map<UUID, Long> perShard() {
        Map<UUID, Long> out = new TreeMap<>();
        perShard.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public String toString() {
        return "ShardRoutingStats[hits=" + cacheHits() + ", misses=" + cacheMisses() + ", validations="
                + validations() + ", leaseHits=" + leaseHits() + ", stale=" + staleMappings() + ", offline=" + offlineRejections() + "]";
    }
}
