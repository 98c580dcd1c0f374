package io.cqrsrouting.shard.spring;

import io.cqrsrouting.shard.RecoveryEvent;
import io.cqrsrouting.shard.RecoveryListener;
import io.cqrsrouting.shard.RecoveryToken;
import io.cqrsrouting.shard.ShardLocation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the {@link io.cqrsrouting.shard.RecoveryManager} last found and did, kept for the
 * {@code cqrsSharding} health indicator: the number of differences of the last detection per shard
 * location, and the last repair step. A {@link RecoveryListener}; the auto-configured
 * {@code RecoveryManager} bean reports to it. Holds no key values (tokens are counted, not kept).
 */
public final class RecoveryStatus implements RecoveryListener {

    /** The result of the last detection at one location. */
    public record Detection(int differences, Instant at) {
    }

    private final Map<String, Detection> detections = new ConcurrentHashMap<>();
    private volatile RecoveryEvent lastRepair;
    private volatile Instant lastRepairAt;

    @Override
    public void repaired(RecoveryEvent event) {
        if (!"DETECT".equals(event.operation())) {
            lastRepair = event;
            lastRepairAt = Instant.now();
        }
    }

    @Override
    public void detected(ShardLocation location, List<RecoveryToken> differences) {
        detections.put(location.primaryJdbcUrl(), new Detection(differences.size(), Instant.now()));
    }

    /** @return the last detection per shard primary URL, sorted by URL */
    public Map<String, Detection> detections() {
        return new TreeMap<>(detections);
    }

    /** @return differences found by the last detection of every location, added up */
    public int differences() {
        return detections.values().stream().mapToInt(Detection::differences).sum();
    }

    /** @return the last repair step (not a detection), or {@code null} */
    public RecoveryEvent lastRepair() {
        return lastRepair;
    }

    /** @return when {@link #lastRepair()} completed, or {@code null} */
    public Instant lastRepairAt() {
        return lastRepairAt;
    }
}
