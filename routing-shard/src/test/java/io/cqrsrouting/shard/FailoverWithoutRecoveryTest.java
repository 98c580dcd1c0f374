package io.cqrsrouting.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.testkit.FailoverListener;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #14, Done-when (2): a shard whose standby is promoted while writers and a reader run
 * through a {@link ShardedDataSource}, with <b>no</b> recovery call — because the shard's location
 * is a failover-group listener (one stable URL whose target moves), or because the shard is routed
 * in cluster mode (its URLs are nodes whose roles the router discovers). Synchronous replication
 * makes every acknowledged write durable on the standby before the promotion.
 *
 * <p>Oracle: the writers record the ids whose insert was acknowledged; after the run, each of them
 * is on the new primary exactly once, the old primary (asked directly) holds no row written after
 * the switch, reads resume, and the shard maps are as before and agree.
 */
class FailoverWithoutRecoveryTest {

    static DataSource gsm;
    static ShardMapManager smm;
    PostgresReplicaSet set;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    @AfterEach
    void closeSet() {
        if (set != null) {
            set.close();
        }
    }

    static ShardedDataSource dataSource(String map, boolean clusterMode) {
        return ShardedDataSource.builder().manager(smm).map(map).clusterMode(clusterMode)
                .routerCustomizer(b -> b.poolSize(4).monitorInterval(Duration.ofMillis(100))
                        .connectionTimeout(Duration.ofSeconds(2)))
                .build();
    }

    @Test
    void aShardBehindAFailoverGroupListenerNeedsNoRecoveryStep() throws Exception {
        set = PostgresReplicaSet.start(1);
        String db = ShardTestbed.newDatabase(set, "fog");
        try (FailoverListener listener = FailoverListener.start("127.0.0.1", set.primaryPort())) {
            ShardLocation loc = ShardLocation.of(listener.jdbcUrl(db));
            RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("fog"), Long.class);
            RangeMapping<Long> m = map.createRangeMapping(Range.from(0L), map.createShard(loc));
            ShardTestbed.exec(loc.primaryJdbcUrl(), Workload.DDL);
            set.synchronousReplication(true);
            set.awaitReplay(0, Duration.ofSeconds(20));

            Instant switched;
            try (ShardedDataSource sds = dataSource(map.name(), false);
                    Workload w = new Workload(sds, map.name(), 0L, 100_000L)) {
                w.awaitAcked(0, Long.MAX_VALUE, 20, Duration.ofSeconds(60));
                set.promote(0);
                // the group's listener follows (dropping its open connections); nothing else happens
                listener.switchTo("127.0.0.1", set.standbyPort(0));
                switched = Instant.now();
                w.awaitAcked(0, Long.MAX_VALUE, 20, Duration.ofSeconds(60));
                w.awaitReads(5, Duration.ofSeconds(30));
                w.close();
                assertAckedExactlyOnceOnNewPrimary(w, set.standbyJdbcUrl(0, db), set.primaryJdbcUrl(db), switched);
            }
            // no recovery step: the map is as it was, and the promoted database's local map agrees with it
            assertThat(map.getMappingForKey(5L)).isEqualTo(m);
            assertThat(smm.recoveryManager().detectMappingDifferences(loc)).isEmpty();
        }
    }

    /**
     * Cluster mode: the shard's location lists the primary and the standby; what promotes the
     * standby (a failover manager) also demotes the old primary — here it is set read-only and its
     * sessions are ended, and it stays up so it can be asked afterwards. The shard's router finds
     * the new primary by itself.
     */
    @Test
    void aClusterModeShardFollowsAPromotionWithNoRecoveryStep() throws Exception {
        set = PostgresReplicaSet.start(1);
        String db = ShardTestbed.newDatabase(set, "clu");
        ShardLocation loc = ShardTestbed.location(set, db);
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("clu"), Long.class);
        Shard shard = map.createShard(loc);
        RangeMapping<Long> m = map.createRangeMapping(Range.from(0L), shard);
        ShardTestbed.exec(loc.primaryJdbcUrl(), Workload.DDL);
        set.synchronousReplication(true);
        set.awaitReplay(0, Duration.ofSeconds(20));

        Instant switched;
        try (ShardedDataSource sds = dataSource(map.name(), true);
                Workload w = new Workload(sds, map.name(), 0L, 100_000L)) {
            assertThat(sds.router(shard).clusterMode()).isTrue();
            w.awaitAcked(0, Long.MAX_VALUE, 20, Duration.ofSeconds(60));
            assertThat(sds.router(shard).currentPrimary().description()).contains(":" + set.primaryPort() + "/");

            // the failover manager: demote the old primary, end its sessions, promote the standby
            set.setPrimaryReadOnly(true);
            ShardTestbed.exec(set.primaryJdbcUrl("postgres"), "select pg_terminate_backend(pid) from pg_stat_activity"
                    + " where datname = '" + db + "' and pid <> pg_backend_pid()");
            switched = Instant.now();
            set.promote(0);

            w.awaitAcked(0, Long.MAX_VALUE, 20, Duration.ofSeconds(60));
            w.awaitReads(5, Duration.ofSeconds(30));
            w.close();
            assertThat(sds.router(shard).currentPrimary().description()).as("the router found the promoted node")
                    .contains(":" + set.standbyPort(0) + "/");
            assertAckedExactlyOnceOnNewPrimary(w, set.standbyJdbcUrl(0, db), set.primaryJdbcUrl(db), switched);
        }
        assertThat(map.getMappingForKey(5L)).isEqualTo(m);
        assertThat(map.shards()).extracting(Shard::location).containsExactly(loc);
        assertThat(smm.recoveryManager().detectMappingDifferences(ShardLocation.of(set.standbyJdbcUrl(0, db))))
                .isEmpty();
    }

    static void assertAckedExactlyOnceOnNewPrimary(Workload w, String newPrimary, String oldPrimary, Instant switched)
            throws SQLException {
        assertThat(w.acked).hasSizeGreaterThanOrEqualTo(80);
        try (Connection c = ShardTestbed.connect(newPrimary)) {
            assertThat(ShardTestbed.one(c, "select pg_is_in_recovery()")).isEqualTo("f");
            assertThat(ShardTestbed.one(c, "select count(*) - count(distinct id) from orders")).isEqualTo("0");
        }
        Set<Long> onNew = Workload.ids(newPrimary);
        assertThat(onNew).as("every acknowledged write is on the new primary").containsAll(w.acked);
        Set<Long> onlyOld = new HashSet<>(Workload.ids(oldPrimary));
        onlyOld.removeAll(onNew);
        assertThat(onlyOld).as("rows only on the old primary were never acknowledged").doesNotContainAnyElementsOf(w.acked);
        assertThat(RecoveryFailoverTest.idsWrittenAfter(oldPrimary, switched))
                .as("nothing written on the old primary after the switch").isEmpty();
    }
}
