package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.mover.MoveHook;
import io.cqrsrouting.shard.internal.mover.Steps;
import io.cqrsrouting.testkit.StatementCounter;
import io.cqrsrouting.testkit.StatementCounts;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.count;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.MoveFixture.rows;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens while writes to a moving range are refused, proven on the servers: the statements
 * the mover runs between the fence and the switch (counted by {@code pg_stat_statements} on both
 * shards and the shard-map manager, never timed), the drain's wait for a prepared (two-phase)
 * transaction that wrote to the range before the fence, and a cancel requested while the online
 * move waits for its initial copy.
 */
class OnlineCutoverTest {

    static String gsmDb;
    static DataSource gsm;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        gsmDb = ShardTestbed.newDatabase(A, "gsm");
        gsm = ShardTestbed.dataSource(A.primaryJdbcUrl(gsmDb));
        smm = ShardTestbed.manager(gsm);
    }

    static RangeShardMap<Long> seeded(String src) throws SQLException {
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("cutover"), Long.class);
        map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, src)));
        MoveFixture.seed(A.primaryJdbcUrl(src), longs(0, 1000, 5));
        MoveFixture.exec(A.primaryJdbcUrl(src), "alter table app.orders replica identity full");
        return map;
    }

    static ShardMover mover(String map, MoveStrategy strategy, MoveHook hook) {
        return ShardMover.builder().manager(smm).map(map).schema(LONG_SCHEMA).strategy(strategy).batchSize(1000)
                .drainTimeout(Duration.ofSeconds(5)).catchUpTimeout(Duration.ofSeconds(10)).stepHook(hook).build();
    }

    /**
     * Between the moment the range is about to be fenced and the switch, the online mover runs on the
     * source the cutover lock, one fence insert, its stamp, one drain poll and one statement (the
     * marker and the local map); on the target only marker reads and one local-map transaction; on the
     * shard-map manager one transaction (global map and the move's step). No statement touches a
     * sharded table under the fence: no scan, no copy. (The rehearsal of these statements runs before
     * the counters are reset, and commits nothing.)
     */
    @Test
    void underTheFenceTheOnlineMoverRunsOnlyTheCutoverStatementsAndNoScan() throws Exception {
        String src = MoveFixture.shardDb(A, "cw_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cw_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        StatementCounter onSrc = A.statements(src);
        StatementCounter onDst = B.statements(dst);
        StatementCounter onGsm = A.statements(gsmDb);
        AtomicReference<StatementCounts[]> counted = new AtomicReference<>();
        MoveHook hook = (step, persisted) -> {
            if (step.equals(Steps.APPROACHED)) {
                onSrc.reset(); // every database of each set: source and GSM (set A), target (set B)
                onDst.reset();
            } else if (step.equals(Steps.SWITCHED) && persisted && counted.get() == null) {
                counted.set(new StatementCounts[] {onSrc.onPrimary(), onDst.onPrimary(), onGsm.onPrimary()});
            }
        };
        MoveStatus st = mover(map.name(), MoveStrategy.ONLINE, hook)
                .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst)).await(Duration.ofSeconds(60));
        assertThat(st.state()).as("%s", st).isEqualTo(MoveState.COMPLETED);

        StatementCounts source = counted.get()[0];
        StatementCounts target = counted.get()[1];
        StatementCounts global = counted.get()[2];
        System.out.printf("under the fence:%n source %s%n target %s%n gsm %s%n", source.asMap(), target.asMap(),
                global.asMap());
        // the sharded tables' names, quoted or not (the mover quotes identifiers)
        assertThat(source.matching("%customers%") + source.matching("%orders%")).as("statements on sharded tables"
                + " of the source").isZero();
        assertThat(target.matching("%customers%") + target.matching("%orders%")).as("statements on sharded tables"
                + " of the target").isZero();
        assertThat(source.matching("insert into cqrs_shard_lsm.fences%")).as("fence inserts").isEqualTo(1);
        assertThat(source.matching("with s as materialized%")).as("drain statements (no writer ran)").isEqualTo(1);
        assertThat(source.matching("update cqrs_shard_lsm.fences%")).as("fence stamps").isEqualTo(1);
        assertThat(source.matching("%pg_try_advisory_lock%")).as("cutover lock").isEqualTo(1);
        assertThat(source.matching("%cqrs_shard_lsm.mappings%")).as("source local-map statements").isEqualTo(1);
        assertThat(source.matching("%cqrs_shard_lsm.move_marks%")).as("marker").isEqualTo(1);
        // a transaction is counted by its BEGIN (its COMMIT's entry may be recorded late); on the
        // source every statement is autocommit: the fence insert and its stamp (neither waits for its
        // flush), the drain's read, then the marker and the local map in one statement (flushed)
        assertThat(source.matching("begin")).as("source transactions").isZero();
        assertThat(source.total() - source.matching("commit")).as("source statements").isEqualTo(5);
        // "select 1" or, when pg_stat_statements normalised it, "select $3": a statement prepared on the
        // server before the counters were reset is recorded with its constants as written
        long marks = target.matching("select % from cqrs_shard_lsm.move_marks%");
        assertThat(marks).as("marker polls").isPositive();
        assertThat(target.matching("begin")).as("target transactions").isEqualTo(1);
        assertThat(target.total() - marks - target.matching("commit")).as("target statements besides marker polls")
                .isEqualTo(3);
        assertThat(global.matching("begin")).as("shard-map manager transactions").isEqualTo(1);
        assertThat(global.total() - global.matching("commit")).as("shard-map manager statements").isEqualTo(4);
        assertThat(st.detail()).contains("it refused writes for");
    }

    /**
     * A transaction that wrote to the range before the fence and was then PREPAREd holds its write
     * until its coordinator commits it: the drain waits for it (it cannot be terminated), so its row
     * reaches the target. Without that wait the row commits on the source after the switch and is
     * deleted with the source's copy of the range.
     */
    @ParameterizedTest
    @EnumSource(MoveStrategy.class)
    void theDrainWaitsForAPreparedTransactionThatWroteToTheRange(MoveStrategy strategy) throws Exception {
        String src = MoveFixture.shardDb(A, "cp_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cp_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        String gid = "cqrs-test-" + System.nanoTime();
        AtomicLong committedAt = new AtomicLong();
        AtomicLong drainedAt = new AtomicLong();
        String beforeFence = strategy == MoveStrategy.ONLINE ? Steps.APPROACHED : Steps.OFFLINE;
        MoveHook hook = (step, persisted) -> {
            if (step.equals(beforeFence) && (persisted || strategy == MoveStrategy.ONLINE) && committedAt.get() == 0) {
                committedAt.set(-1);
                prepareAndCommitLater(A.primaryJdbcUrl(src), gid, committedAt);
            } else if (step.equals(Steps.FENCED) && !persisted) {
                drainedAt.compareAndSet(0, System.nanoTime());
            }
        };
        MoveStatus st = mover(map.name(), strategy, hook)
                .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst)).await(Duration.ofSeconds(60));

        assertThat(st.state()).as("%s", st).isEqualTo(MoveState.COMPLETED);
        assertThat(committedAt.get()).as("prepared transaction committed").isPositive();
        assertThat(drainedAt.get()).as("drain done after COMMIT PREPARED was sent").isGreaterThan(committedAt.get());
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.orders where amount = 4242")).isEqualTo(1);
        assertThat(count(A.primaryJdbcUrl(src), "select count(*) from app.orders where amount = 4242")).isZero();
        assertThat(count(A.primaryJdbcUrl(src), "select count(*) from pg_prepared_xacts")).isZero();
    }

    /** Writes an order of a moving customer and PREPAREs it; commits it 700 ms later from another session. */
    private static void prepareAndCommitLater(String url, String gid, AtomicLong committedAt) {
        try (Connection c = ShardTestbed.connect(url); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("insert into app.orders (customer_id, amount) values (600, 4242)");
            s.execute("prepare transaction '" + gid + "'");
            c.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Thread t = new Thread(() -> {
            try {
                try (Connection c = ShardTestbed.connect(url); Statement s = c.createStatement()) {
                    Thread.sleep(700);
                    committedAt.set(System.nanoTime()); // before the server commits it: the drain must end after
                    s.execute("commit prepared '" + gid + "'");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "commit-prepared");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A cancel requested while the online move waits in SYNCING (its initial copy held back by a lock
     * on the target) is honoured there: the replication is removed while the copy is still stuck, and
     * the move ends CANCELLED with the source in charge and nothing left behind.
     */
    @Test
    void aCancelRequestedWhileTheOnlineMoveWaitsInSyncingIsHonoured() throws Exception {
        String src = MoveFixture.shardDb(A, "cs_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cs_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        Map<String, String> before = rows(A.primaryJdbcUrl(src));
        AtomicReference<Connection> lock = new AtomicReference<>();
        MoveHook holdTheCopy = (step, persisted) -> {
            if (step.equals(Steps.REPLICATING) && persisted && lock.get() == null) {
                try { // before the subscription exists: its initial copy of customers will wait for this lock
                    Connection c = ShardTestbed.connect(B.primaryJdbcUrl(dst));
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        // SHARE: CREATE SUBSCRIPTION (access share) passes, the copy (row exclusive) waits
                        s.execute("lock table app.customers in share mode");
                    }
                    lock.set(c);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        MoveOperation op = mover(map.name(), MoveStrategy.ONLINE, holdTheCopy)
                .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        try {
            Workload.await(() -> Steps.SYNCING.equals(op.status().step()), Duration.ofSeconds(30),
                    "the move to wait in SYNCING");
            String sub = OnlineMoveTest.name(op.id());
            assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from pg_subscription_rel r join pg_subscription s"
                    + " on s.oid = r.srsubid where s.subname = '" + sub + "' and r.srsubstate <> 'r'"))
                    .as("tables still copying").isPositive();
            assertThat(op.cancel()).isTrue();
            // honoured in the wait, though the copy never finishes: the rollback removes the subscription
            Workload.await(() -> {
                try {
                    return count(B.primaryJdbcUrl(dst), "select count(*) from pg_subscription where subname = '"
                            + sub + "'") == 0;
                } catch (SQLException e) {
                    return false;
                }
            }, Duration.ofSeconds(20), "the cancelled move to remove its subscription");
        } finally {
            lock.get().close(); // rolls the lock back: the rollback deletes the target's partial copy
        }
        MoveStatus st = op.await(Duration.ofSeconds(60));
        assertThat(st.state()).as("%s", st).isEqualTo(MoveState.CANCELLED);
        assertThat(rows(A.primaryJdbcUrl(src))).isEqualTo(before);
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.customers")).isZero();
        assertThat(map.mappings()).singleElement().satisfies(m -> {
            assertThat(m.range()).isEqualTo(Range.of(0L, 1000L));
            assertThat(m.status()).isEqualTo(MappingStatus.ONLINE);
        });
        OnlineMoveTest.assertNothingLeft(op.id(), src, dst);
        System.out.println("replication slots on the source after the cancel: " + ShardTestbed.one(
                A.primaryJdbcUrl("postgres"), "select string_agg(slot_name, ',') from pg_replication_slots"));
    }
}
