package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.mover.MoveHook;
import io.cqrsrouting.shard.internal.mover.Steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Split, merge and move in both strategies, between databases of two real replica sets, while four
 * writers and two readers (one on the primaries, one read-your-writes on the replicas,
 * {@link MoveLedger}) run through {@link ShardedDataSource} with a ledger: afterwards every
 * acknowledged write is on the shard that now owns its key, exactly once; no read of a moving
 * customer missed it; the global and local maps agree; the source refuses writes to what it gave
 * away; no row of a batch committed on the source after the batch's fence had drained (commit
 * timestamps, {@link FenceAudit}). Prints the longest time a writer of the moving range was
 * refused, per case.
 */
class MoveChaosTest {

    static DataSource gsm;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    static Stream<Arguments> cases() {
        return Stream.of(MoveStrategy.values()).flatMap(s -> Stream.of("split", "merge", "move").map(op -> Arguments.of(op, s)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void writersAndReadersThroughTheRouterLoseNothingWhileRangesMove(String op, MoveStrategy strategy) throws Exception {
        String a = MoveFixture.shardDb(A, "ch_a", "bigint");
        String b = MoveFixture.shardDb(B, "ch_b", "bigint");
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("chaos"), Long.class);
        Shard sa = map.createShard(ShardTestbed.location(A, a));
        String from = A.primaryJdbcUrl(a);
        String to = B.primaryJdbcUrl(b);
        MoveFixture.seed(from, longs(0, 500, 5));
        if (op.equals("merge")) {
            // [500, 1000) lives on b and merges into a's [0, 500)
            Shard sb = map.createShard(ShardTestbed.location(B, b));
            map.createRangeMapping(Range.of(0L, 500L), sa);
            map.createRangeMapping(Range.of(500L, 1000L), sb);
            // order ids must be unique across shards (they move with their rows): b's sequence starts elsewhere
            MoveFixture.exec(to, "alter sequence app.orders_order_id_seq restart with 1000000");
            MoveFixture.seed(to, longs(500, 1000, 5));
            String t = from;
            from = to;
            to = t;
        } else if (op.equals("move")) {
            map.createRangeMapping(Range.of(0L, 500L), sa);
            map.createRangeMapping(Range.of(500L, 1000L), sa);
            MoveFixture.seed(from, longs(500, 1000, 5));
        } else {
            map.createRangeMapping(Range.of(0L, 1000L), sa);
            MoveFixture.seed(from, longs(500, 1000, 5));
        }
        MoveFixture.exec(from, "alter table app.orders replica identity full"); // see OnlineMoveTest
        FenceAudit audit = new FenceAudit(map, from, to);
        ShardMover mover = ShardMover.builder().manager(smm).map(map.name()).schema(LONG_SCHEMA).strategy(strategy)
                .batchSize(25).drainTimeout(Duration.ofSeconds(2)).stepHook(audit).build();
        long[] keys = longs(0, 1000, 5).stream().mapToLong(Long::longValue).toArray();

        MoveStatus done;
        MoveLedger ledger;
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(x -> x.poolSize(4).connectionTimeout(Duration.ofSeconds(3))).build()) {
            ledger = new MoveLedger(sds, map.name(), keys, k -> k >= 500, 4);
            try {
                ledger.awaitMovingAcks(20, 30_000);
                MoveOperation operation = switch (op) {
                    case "split" -> mover.split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, b));
                    case "merge" -> mover.merge(Range.of(0L, 500L), Range.of(500L, 1000L));
                    default -> mover.move(700L, ShardTestbed.location(B, b));
                };
                done = operation.await(Duration.ofSeconds(120));
                ledger.awaitMovingAcks(30, 30_000); // clients refresh their cached mapping and write on
            } finally {
                ledger.close();
            }
        }

        assertThat(done.state()).as("%s", done).isEqualTo(MoveState.COMPLETED);
        audit.assertNoCommitAfterTheFence();
        // every key now lives on `to` (merge) or keys >= 500 do (split, move)
        boolean merge = op.equals("merge");
        ledger.assertEveryAckOnItsShardOnce(A.primaryJdbcUrl(a), B.primaryJdbcUrl(b), k -> !merge && k >= 500);
        assertThat(ledger.misses).as("primary reads that missed a moving customer").isEmpty();
        assertThat(ledger.replicaMisses).as("replica reads that missed a moving customer").isEmpty();
        assertThat(ledger.reads.get()).isPositive();
        if (merge) {
            assertThat(MoveFixture.rows(to)).hasSize(200);
            assertThat(MoveFixture.rows(from)).isEmpty();
        } else {
            assertThat(MoveFixture.rows(to).keySet()).allMatch(k -> Long.parseLong(k) >= 500).hasSize(100);
            assertThat(MoveFixture.rows(from).keySet()).allMatch(k -> Long.parseLong(k) < 500).hasSize(100);
        }
        RecoveryManager recovery = smm.recoveryManager();
        assertThat(recovery.detectMappingDifferences(ShardTestbed.location(A, a))).isEmpty();
        assertThat(recovery.detectMappingDifferences(ShardTestbed.location(B, b))).isEmpty();
        assertThat(map.getMappingForKey(750L).shard().location().primaryJdbcUrl()).isEqualTo(to);
        System.out.printf("%s %s: %d acknowledged writes, %d reads, longest refusal of a moving-range writer %d ms%n",
                op, strategy, ledger.acked.size(), ledger.reads.get(), ledger.maxBlockedMillis());
    }

    /**
     * Every step a move of the strategy reaches, each to be killed after its work, before and after it
     * is persisted; and the online cutover's inner hook points (never persisted), each killed once.
     */
    static Stream<Arguments> killEveryStep() {
        List<String> offline = List.of(Steps.NEXT, Steps.PLANNED, Steps.OFFLINE, Steps.FENCED, Steps.COPIED,
                Steps.SWITCHED, Steps.COALESCE, Steps.DONE);
        List<String> online = List.of(Steps.NEXT, Steps.REPLICATING, Steps.SYNCING, Steps.PLANNED, Steps.CUTOVER,
                Steps.SWITCHED, Steps.COALESCE, Steps.DONE);
        List<String> insideCutover = List.of(Steps.APPROACHED, Steps.FENCED, Steps.COPIED);
        return Stream.of(Arguments.of(MoveStrategy.OFFLINE_BATCHES, offline, List.of()),
                Arguments.of(MoveStrategy.ONLINE, online, insideCutover));
    }

    /**
     * One split per strategy whose mover is killed at every step in turn — after the step's work, once
     * before it is persisted and once after — and resumed by a new mover each time, while the
     * writers and readers go on: the move completes and the ledger, the fence audit and the maps
     * hold as without kills. Kills under the fence leave the range offline until the resume (its
     * writers are refused meanwhile, never acknowledged on the wrong shard); an online move resumed
     * under the fence verifies the rows instead of trusting the replication marker alone.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("killEveryStep")
    void aSplitWhoseMoverIsKilledAtEveryStepAndResumedWhileWritersRunLosesNothing(MoveStrategy strategy,
            List<String> steps, List<String> unpersisted) throws Exception {
        String a = MoveFixture.shardDb(A, "ck_a", "bigint");
        String b = MoveFixture.shardDb(B, "ck_b", "bigint");
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("chaoskill"), Long.class);
        map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, a)));
        String from = A.primaryJdbcUrl(a);
        String to = B.primaryJdbcUrl(b);
        MoveFixture.seed(from, longs(0, 1000, 5));
        MoveFixture.exec(from, "alter table app.orders replica identity full");
        FenceAudit audit = new FenceAudit(map, from, to);
        MoveFixture.KillEach killer = new MoveFixture.KillEach(steps, unpersisted);
        MoveHook hooks = (s, persisted) -> {
            audit.reached(s, persisted);
            killer.reached(s, persisted);
        };
        long[] keys = longs(0, 1000, 5).stream().mapToLong(Long::longValue).toArray();
        MoveStatus done = null;
        String id;
        MoveLedger ledger;
        int kills = 0;
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(x -> x.poolSize(4).connectionTimeout(Duration.ofSeconds(3))).build()) {
            ledger = new MoveLedger(sds, map.name(), keys, k -> k >= 500, 4);
            try {
                ledger.awaitMovingAcks(20, 30_000);
                MoveOperation op = mover(map, strategy, hooks).split(Range.of(0L, 1000L), 500L,
                        ShardTestbed.location(B, b));
                id = op.id();
                while (done == null) {
                    try {
                        done = op.await(Duration.ofSeconds(120));
                    } catch (MoveFixture.Killed k) {
                        kills++;
                        assertThat(kills).as("kills").isLessThanOrEqualTo(2 * steps.size() + unpersisted.size());
                        ledger.awaitAcks(3, 30_000); // the application goes on while nobody runs the move
                        op = mover(map, strategy, hooks).resume(id);
                    }
                }
                ledger.awaitMovingAcks(30, 30_000);
            } finally {
                ledger.close();
            }
        }
        assertThat(killer.missed()).as("kill points never reached").isEmpty();
        assertThat(done.state()).as("%s", done).isEqualTo(MoveState.COMPLETED);
        audit.assertNoCommitAfterTheFence();
        ledger.assertEveryAckOnItsShardOnce(from, to);
        assertThat(ledger.misses).as("primary reads that missed a moving customer").isEmpty();
        assertThat(ledger.replicaMisses).as("replica reads that missed a moving customer").isEmpty();
        assertThat(MoveFixture.rows(to).keySet()).allMatch(k -> Long.parseLong(k) >= 500).hasSize(100);
        assertThat(MoveFixture.rows(from).keySet()).allMatch(k -> Long.parseLong(k) < 500).hasSize(100);
        RecoveryManager recovery = smm.recoveryManager();
        assertThat(recovery.detectMappingDifferences(ShardTestbed.location(A, a))).isEmpty();
        assertThat(recovery.detectMappingDifferences(ShardTestbed.location(B, b))).isEmpty();
        OnlineMoveTest.assertNothingLeft(id, a, b);
        System.out.printf("%s killed %d times: %d acknowledged writes, longest refusal of a moving-range writer %d ms%n",
                strategy, kills, ledger.acked.size(), ledger.maxBlockedMillis());
    }

    static ShardMover mover(RangeShardMap<Long> map, MoveStrategy strategy, MoveHook hook) {
        return ShardMover.builder().manager(smm).map(map.name()).schema(LONG_SCHEMA).strategy(strategy)
                .batchSize(25).drainTimeout(Duration.ofSeconds(2)).stepHook(hook).build();
    }
}
