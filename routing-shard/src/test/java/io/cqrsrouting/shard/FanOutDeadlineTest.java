package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.testkit.PostgresReplicaSet;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #13: a fan-out gives every shard its own deadline. A frozen shard (SIGSTOP: the port
 * accepts, nothing answers — a hung VM) is reported as timed out after its per-shard deadline,
 * long before the fan-out's own deadline, while the other shards' rows come back; its connection
 * is aborted, so the fan-out threads are free again once it thaws.
 */
class FanOutDeadlineTest {

    static PostgresReplicaSet slow;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        slow = PostgresReplicaSet.start(0);
        smm = ShardTestbed.manager(ShardTestbed.newGsm());
    }

    @AfterAll
    static void tearDown() {
        if (slow != null) {
            slow.close();
        }
    }

    @Test
    void aFrozenShardTimesOutOnItsOwnDeadlineAndIsNamed() throws Exception {
        String fast = ShardTestbed.newDatabase(A, "fan_fast");
        String frozen = slow.createDatabase("fan_frozen");
        ListShardMap<Integer> map = smm.createListShardMap(ShardTestbed.uniqueName("deadline"), Integer.class);
        Shard sFast = map.createShard(ShardTestbed.location(A, fast));
        Shard sFrozen = map.createShard(ShardLocation.of(slow.primaryJdbcUrl(frozen)));
        map.createPointMapping(1, sFast);
        map.createPointMapping(2, sFrozen);
        A.awaitReplay(0, Duration.ofSeconds(10));
        ShardWork<String> work = c -> List.of(ShardTestbed.one(c, "select current_database()"));
        try (ShardedDataSource ds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(2).monitorInterval(Duration.ofSeconds(30)))
                .fanOutThreads(2).fanOutTimeout(Duration.ofSeconds(40)).fanOutShardTimeout(Duration.ofSeconds(1))
                .build()) {
            assertThat(ds.fanOut(work)).containsExactlyInAnyOrder(fast, frozen);

            slow.primary().freeze();
            try {
                long start = System.nanoTime();
                FanOutResult<String> partial = ds.fanOutPartial(work);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).as("the frozen shard costs its own deadline, not the fan-out's 40 s")
                        .isLessThan(Duration.ofSeconds(10));
                assertThat(partial.rows()).containsExactly(fast);
                assertThat(partial.missingShards()).containsExactly(sFrozen);
                assertThat(partial.timedOutShards()).containsExactly(sFrozen);
                assertThat(partial.failures().get(sFrozen)).isInstanceOf(TimeoutException.class)
                        .hasMessageContaining("per-shard deadline");

                assertThatThrownBy(() -> ds.fanOut(work)).isInstanceOf(SQLTimeoutException.class)
                        .hasMessageContaining("failed on shard " + slow.primaryJdbcUrl(frozen))
                        .hasMessageContaining("no answer within 1000 ms");
            } finally {
                slow.primary().unfreeze();
            }
            // both fan-out threads are free again: the stuck ones were released by aborting their connections
            Workload.await(() -> {
                try {
                    return ds.fanOutPartial(work).complete();
                } catch (java.sql.SQLException e) {
                    return false;
                }
            }, Duration.ofSeconds(30), "a complete fan-out after the shard thawed");
        }
    }

    @Test
    void theShardDeadlineCannotExceedTheFanOutDeadline() {
        String name = ShardTestbed.uniqueName("bad_deadline");
        smm.createListShardMap(name, Integer.class);
        assertThatThrownBy(() -> ShardedDataSource.builder().manager(smm).map(name)
                .fanOutTimeout(Duration.ofSeconds(5)).fanOutShardTimeout(Duration.ofSeconds(6)).build())
                .isInstanceOf(ShardMapException.class)
                .hasMessageContaining("fanOutShardTimeout").hasMessageContaining("6000 ms");
    }
}
