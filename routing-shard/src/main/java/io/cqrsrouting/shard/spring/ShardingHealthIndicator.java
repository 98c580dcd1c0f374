package io.cqrsrouting.shard.spring;

import io.cqrsrouting.shard.RecoveryEvent;
import io.cqrsrouting.shard.RecoveryManager;
import io.cqrsrouting.shard.ShardHealth;
import io.cqrsrouting.shard.ShardedDataSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code cqrsSharding} health indicator: every shard of every {@link ShardedDataSource} as its
 * router's monitor last saw it (no query through the data source), and the state of shard map
 * recovery — the differences between local and global maps found by the last
 * {@code detectMappingDifferences} per location, the repairs logged but not completed, and the last
 * repair step.
 *
 * <pre>
 * "cqrsSharding": { "status": "UP", "details": {
 *   "dataSource": { "map": "customers", "shards": {
 *       "5f0c…": { "status": "UP", "location": "jdbc:postgresql://db1:5432/c1", "writable": true,
 *                  "replicasUp": 1, "replicas": 1 } } },
 *   "recovery": { "differences": 2, "pendingRepairs": 0,
 *       "detections": { "jdbc:postgresql://db1:5432/c1": { "differences": 2, "at": "…" } },
 *       "lastRepair": { "operation": "FAILOVER", "map": "customers", "location": "…", "writes": 5, "at": "…" } } } }
 * </pre>
 *
 * {@code DOWN} when a shard can serve nothing (its primary is not writable and no replica is up);
 * differences and pending repairs are reported, not a reason for {@code DOWN} (the application may
 * still serve every other key) — alert on {@code cqrs.shard.recovery.differences} instead. URLs are
 * shard locations, which never carry credentials; no key value appears.
 */
public class ShardingHealthIndicator implements HealthIndicator {

    private final Supplier<Map<String, ShardedDataSource>> dataSources;
    private final RecoveryManager recovery;
    private final RecoveryStatus status;

    /**
     * @param dataSources the sharded data sources by bean name, at every check
     * @param recovery the recovery manager whose pending repairs to count, or {@code null}
     * @param status what recovery last found and did, or {@code null}
     */
    public ShardingHealthIndicator(Supplier<Map<String, ShardedDataSource>> dataSources, RecoveryManager recovery,
            RecoveryStatus status) {
        this.dataSources = Objects.requireNonNull(dataSources, "dataSources");
        this.recovery = recovery;
        this.status = status;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, ShardedDataSource> e : dataSources.get().entrySet()) {
            Map<String, Object> shards = new LinkedHashMap<>();
            up &= shards(e.getValue(), shards);
            details.put(e.getKey(), Map.of("map", e.getValue().mapName(), "shards", shards));
        }
        if (recovery != null || status != null) {
            details.put("recovery", recovery());
        }
        return new Health.Builder(up ? Status.UP : Status.DOWN).withDetails(details).build();
    }

    /** @return the health of one sharded data source's shards alone (Boot's {@code db} check uses it) */
    public static Health of(ShardedDataSource dataSource) {
        Map<String, Object> shards = new LinkedHashMap<>();
        boolean up = shards(dataSource, shards);
        return new Health.Builder(up ? Status.UP : Status.DOWN).withDetail("map", dataSource.mapName())
                .withDetail("shards", shards).build();
    }

    private static boolean shards(ShardedDataSource ds, Map<String, Object> out) {
        boolean up = true;
        for (ShardHealth h : ds.health()) {
            boolean serving = h.writable() || h.replicasUp() > 0;
            up &= serving;
            Map<String, Object> shard = new LinkedHashMap<>();
            shard.put("status", serving ? "UP" : "DOWN");
            shard.put("location", h.shard().location().primaryJdbcUrl());
            shard.put("writable", h.writable());
            shard.put("replicasUp", h.replicasUp());
            shard.put("replicas", h.replicas());
            out.put(h.shard().id().toString(), shard);
        }
        return up;
    }

    private Map<String, Object> recovery() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (status != null) {
            out.put("differences", status.differences());
            Map<String, Object> detections = new LinkedHashMap<>();
            status.detections().forEach((url, d) -> detections.put(url,
                    Map.of("differences", d.differences(), "at", d.at().toString())));
            out.put("detections", detections);
        }
        if (recovery != null) {
            try {
                out.put("pendingRepairs", recovery.pendingRepairs());
            } catch (RuntimeException e) {
                out.put("pendingRepairs", "unknown: " + e.getMessage());
            }
        }
        RecoveryEvent last = status == null ? null : status.lastRepair();
        if (last != null) {
            out.put("lastRepair", Map.of("operation", last.operation(), "map", last.mapName(),
                    "location", last.location(), "writes", last.writes(), "at", String.valueOf(status.lastRepairAt())));
        }
        return out;
    }
}
