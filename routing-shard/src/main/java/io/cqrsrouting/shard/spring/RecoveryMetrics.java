package io.cqrsrouting.shard.spring;

import io.cqrsrouting.shard.RecoveryEvent;
import io.cqrsrouting.shard.RecoveryListener;
import io.cqrsrouting.shard.RecoveryToken;
import io.cqrsrouting.shard.ShardLocation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters of the shard {@link io.cqrsrouting.shard.RecoveryManager}, as a listener:
 * <pre>{@code
 * RecoveryManager recovery = smm.recoveryManager().withListener(new RecoveryMetrics(registry));
 * }</pre>
 * <ul>
 * <li>{@code cqrs.shard.recovery.steps} (timer; {@code operation=DETACH|ATTACH|RESOLVE|FAILOVER|DETECT},
 *     {@code map}): every committed repair step and every detection, with its duration;</li>
 * <li>{@code cqrs.shard.recovery.differences} (gauge; {@code location}): differences found by the last
 *     detection at a shard location (0 once the maps agree) — alert when it stays above 0.</li>
 * </ul>
 * {@link #lastDetected()} gives the same numbers to a health indicator. Location tags are primary
 * JDBC URLs, which carry no credentials.
 */
public final class RecoveryMetrics implements RecoveryListener {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> differences = new ConcurrentHashMap<>();

    /** @param registry where the meters go */
    public RecoveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void repaired(RecoveryEvent event) {
        Timer.builder("cqrs.shard.recovery.steps").tag("operation", event.operation()).tag("map", event.mapName())
                .description("shard map repair steps and detections").register(registry).record(event.took());
    }

    @Override
    public void detected(ShardLocation location, List<RecoveryToken> found) {
        String url = location.primaryJdbcUrl();
        differences.computeIfAbsent(url, u -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("cqrs.shard.recovery.differences", n, AtomicInteger::get).tag("location", u)
                    .description("differences between a shard's local map and the global map at the last detection")
                    .register(registry);
            return n;
        }).set(found.size());
    }

    /** @return differences found by the last detection, per shard primary URL */
    public Map<String, Integer> lastDetected() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        differences.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
