package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.mover.MoveHook;
import io.cqrsrouting.shard.internal.mover.Steps;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The target shard's primary dies in the middle of a split (its standby is promoted and the
 * recovery call points the map at it) while writers and a reader run through
 * {@link ShardedDataSource}: the move fails at its next step, is resumed, and completes with every
 * acknowledged write on its shard exactly once and nothing left behind. In the online strategy the
 * promoted node may miss changes its subscription had already confirmed (the apply worker commits
 * asynchronously): the checksums under the fence catch that and the range is copied instead.
 */
class MoveTargetFailoverTest {

    static DataSource gsm;
    static ShardMapManager smm;
    PostgresReplicaSet target;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    @AfterEach
    void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @ParameterizedTest
    @EnumSource(MoveStrategy.class)
    void aSplitWhoseTargetFailsOverIsResumedAndLosesNothing(MoveStrategy strategy) throws Exception {
        target = PostgresReplicaSet.start(1);
        target.synchronousReplication(true);
        String src = MoveFixture.shardDb(A, "tf_src", "bigint");
        String dst = MoveFixture.shardDb(target, "tf_dst", "bigint");
        MoveFixture.exec(A.primaryJdbcUrl(src), "alter table app.orders replica identity full");
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("tfail"), Long.class);
        map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, src)));
        MoveFixture.seed(A.primaryJdbcUrl(src), longs(0, 1000, 5));
        target.awaitReplay(0, Duration.ofSeconds(30));
        ShardLocation oldTarget = ShardLocation.of(target.primaryJdbcUrl(dst)).withReplicas(target.standbyJdbcUrl(0, dst));
        ShardLocation newTarget = ShardLocation.of(target.standbyJdbcUrl(0, dst));
        // just before the fence: the offline strategy's batch is offline, the online range about to be fenced
        MoveFixture.Pause offline = new MoveFixture.Pause(strategy == MoveStrategy.ONLINE ? Steps.CUTOVER : Steps.OFFLINE);
        ShardMover mover = ShardMover.builder().manager(smm).map(map.name()).schema(LONG_SCHEMA).strategy(strategy)
                .batchSize(40).drainTimeout(Duration.ofSeconds(2)).catchUpTimeout(Duration.ofSeconds(3))
                .stepHook(offline).build();
        long[] keys = longs(0, 1000, 5).stream().mapToLong(Long::longValue).toArray();

        MoveLedger ledger;
        MoveStatus st;
        String moveId;
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(4).connectionTimeout(Duration.ofSeconds(3))).build()) {
            ledger = new MoveLedger(sds, map.name(), keys, k -> k >= 500, 4);
            try {
                ledger.awaitMovingAcks(20, 30_000);
                MoveOperation op = mover.split(Range.of(0L, 1000L), 500L, oldTarget);
                moveId = op.id();
                offline.awaitReached();
                target.primary().kill();
                target.promote(0);
                assertThat(smm.recoveryManager().failover(oldTarget, newTarget)).isEmpty();
                offline.release();
                // the move cannot reach the dead target: it fails (and its run ends, releasing the move)
                assertThatThrownBy(() -> op.await(Duration.ofSeconds(60))).isInstanceOf(ShardMoveException.class);
                assertThat(op.status().state()).isEqualTo(MoveState.FAILED);

                st = ShardMover.builder().manager(smm).map(map.name()).schema(LONG_SCHEMA).strategy(strategy)
                        .batchSize(40).drainTimeout(Duration.ofSeconds(2)).catchUpTimeout(Duration.ofSeconds(3))
                        .stepHook(MoveHook.NONE).build().resume(op.id()).await(Duration.ofSeconds(90));
                ledger.awaitMovingAcks(20, 30_000);
            } finally {
                ledger.close();
            }
        }

        assertThat(st.state()).isEqualTo(MoveState.COMPLETED);
        ledger.assertEveryAckOnItsShardOnce(A.primaryJdbcUrl(src), newTarget.primaryJdbcUrl());
        assertThat(ledger.misses).as("reads that missed a moving customer").isEmpty();
        assertThat(MoveFixture.rows(newTarget.primaryJdbcUrl()).keySet()).allMatch(k -> Long.parseLong(k) >= 500)
                .hasSize(100);
        assertThat(MoveFixture.rows(A.primaryJdbcUrl(src)).keySet()).allMatch(k -> Long.parseLong(k) < 500).hasSize(100);
        assertThat(map.getMappingForKey(700L).shard().location()).isEqualTo(newTarget);
        assertThat(smm.recoveryManager().detectMappingDifferences(newTarget)).isEmpty();
        assertThat(smm.recoveryManager().detectMappingDifferences(ShardTestbed.location(A, src))).isEmpty();
        String n = OnlineMoveTest.name(moveId);
        assertThat(MoveFixture.count(A.primaryJdbcUrl("postgres"), "select count(*) from pg_replication_slots"
                + " where slot_name = '" + n + "'")).as("slot left").isZero();
        assertThat(MoveFixture.count(newTarget.primaryJdbcUrl(), "select count(*) from pg_subscription where subname = '"
                + n + "'")).as("subscription left").isZero();
    }
}
