package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.testkit.PostgresReplicaSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Geo-failover of one shard while writers and a reader run through a {@link ShardedDataSource}:
 * the shard's standby is promoted (its primary is now at another URL) and the old primary keeps
 * running and accepting connections (the worst case: nothing stops a stale client but the
 * library). Synchronous replication to the standby makes every write acknowledged before the
 * promotion durable there; an unfenced write on the old primary after it would be lost.
 */
class RecoveryFailoverTest {

    static PostgresReplicaSet geo;
    static DataSource gsm;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        geo = PostgresReplicaSet.start(1);
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    @AfterAll
    static void tearDown() {
        if (geo != null) {
            geo.close();
        }
    }

    static ShardedDataSource dataSource(String map) {
        return ShardedDataSource.builder().manager(smm).map(map)
                .routerCustomizer(b -> b.poolSize(4).monitorInterval(Duration.ofMillis(100))
                        .connectionTimeout(Duration.ofSeconds(2)))
                .build();
    }

    @Test
    void failoverCallMovesTheShardWhileTheApplicationRunsAndFencesTheOldPrimary() throws Exception {
        String db = ShardTestbed.newDatabase(geo, "geo");
        String db2 = ShardTestbed.newDatabase(B, "geo_other");
        // no replica in the map: the only way a client learns of the move is the fence at the old primary
        // (with the standby listed as a replica, a read there would also reveal it)
        ShardLocation old = ShardLocation.of(geo.primaryJdbcUrl(db));
        ShardLocation other = ShardTestbed.location(B, db2);
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("geo"), Long.class);
        Shard s1 = map.createShard(old);
        map.createShard(other);
        map.createRangeMapping(Range.of(0L, 1_000_000L), s1);
        map.createRangeMapping(Range.from(1_000_000L), map.shards().stream().filter(s -> !s.equals(s1)).findFirst().orElseThrow());
        ShardTestbed.exec(old.primaryJdbcUrl(), Workload.DDL);
        ShardTestbed.exec(other.primaryJdbcUrl(), Workload.DDL);
        geo.synchronousReplication(true);
        geo.awaitReplay(0, Duration.ofSeconds(20));
        RecoveryManager recovery = smm.recoveryManager();

        Set<Long> onOldAfter;
        Instant switched;
        try (ShardedDataSource sds = dataSource(map.name());
                Workload w = new Workload(sds, map.name(), 0L, 100_000L, 1_000_000L)) {
            w.awaitAcked(0, 1_000_000, 20, Duration.ofSeconds(60));

            geo.promote(0); // the old primary keeps running: its commits now wait for a standby that left
            ShardLocation moved = ShardLocation.of(geo.standbyJdbcUrl(0, db));
            assertThat(recovery.failover(old, moved)).isEmpty();
            switched = Instant.now();

            w.awaitAcked(0, 1_000_000, 20, Duration.ofSeconds(60));
            w.awaitReads(5, Duration.ofSeconds(30));
            // running it again is harmless
            assertThat(recovery.failover(old, moved)).isEmpty();
            w.awaitAcked(0, 1_000_000, 5, Duration.ofSeconds(30));
            assertThat(sds.stats().staleMappings()).as("clients refused at the old location, then refreshed").isPositive();

            assertThat(map.shards()).extracting(Shard::location).contains(moved).doesNotContain(old);
            assertThat(recovery.detectMappingDifferences(moved)).isEmpty();
            w.close();
            onOldAfter = idsWrittenAfter(old.primaryJdbcUrl(), switched);

            Set<Long> onNew = Workload.ids(moved.primaryJdbcUrl());
            Set<Long> acked1 = w.acked.stream().filter(k -> k < 1_000_000).collect(Collectors.toSet());
            assertThat(onNew).as("every acknowledged write is on the new primary").containsAll(acked1);
            Set<Long> onOld = Workload.ids(old.primaryJdbcUrl());
            Set<Long> lostIfAcked = new HashSet<>(onOld);
            lostIfAcked.removeAll(onNew);
            assertThat(lostIfAcked).as("rows only on the old primary were never acknowledged").doesNotContainAnyElementsOf(acked1);
            assertThat(Workload.ids(other.primaryJdbcUrl())).containsAll(
                    w.acked.stream().filter(k -> k >= 1_000_000).toList());
        }
        assertThat(onOldAfter).as("nothing written on the old primary after the failover call").isEmpty();
    }

    static Set<Long> idsWrittenAfter(String url, Instant t) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (var c = ShardTestbed.connect(url); var ps = c.prepareStatement("select id from orders where written_at > ?")) {
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(t, java.time.ZoneOffset.UTC));
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
