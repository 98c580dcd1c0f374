package io.cqrsrouting.shard;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.shard.internal.mover.MoveHook;
import io.cqrsrouting.shard.internal.mover.Steps;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.count;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a write to a range under an online cutover is refused, on the real source: one from a
 * transaction begun after the fence waits for the cutover (seen waiting on the cutover lock in
 * {@code pg_locks}) and is then refused, instead of being refused at once and retried in a tight
 * loop; one from a transaction begun before the fence is refused at once and never waits, because
 * the drain waits for that transaction to end. Either way nothing is written on the source.
 */
class CutoverWaitTest {

    /** The cutover lock's advisory class, as {@code pg_locks.classid} shows it. */
    private static final long CUTOVER_CLASS = 0x43515255L;
    private static final String WAITING = "select count(*) from pg_locks where locktype = 'advisory' and not granted"
            + " and classid = " + CUTOVER_CLASS;

    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        DataSource gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    private static RangeShardMap<Long> seeded(String src) throws SQLException {
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("cwait"), Long.class);
        map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, src)));
        MoveFixture.seed(A.primaryJdbcUrl(src), longs(0, 1000, 5));
        MoveFixture.exec(A.primaryJdbcUrl(src), "alter table app.orders replica identity full");
        return map;
    }

    private static ShardMover mover(String map, MoveHook hook) {
        return ShardMover.builder().manager(smm).map(map).schema(LONG_SCHEMA).strategy(MoveStrategy.ONLINE)
                .batchSize(1000).drainTimeout(Duration.ofSeconds(10)).catchUpTimeout(Duration.ofSeconds(10))
                .stepHook(hook).build();
    }

    @Test
    void aWriteBegunDuringTheCutoverWaitsForItAndIsThenRefused() throws Exception {
        String src = MoveFixture.shardDb(A, "cwa_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cwa_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        CountDownLatch fenced = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MoveHook hook = (step, persisted) -> {
            if (step.equals(Steps.FENCED) && !persisted && fenced.getCount() > 0) {
                fenced.countDown(); // drained, cutover lock held: hold the window open
                await(release);
            }
        };
        MoveOperation op = mover(map.name(), hook).split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        assertThat(fenced.await(60, TimeUnit.SECONDS)).as("the mover reached the fenced window").isTrue();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        CompletableFuture<String> writer = CompletableFuture.supplyAsync(() -> insert(A.primaryJdbcUrl(src), null), pool);
        // its own statement timeout (50 ms) ends its wait before the 250 ms bound: still refused as fenced
        CompletableFuture<String> impatient = CompletableFuture.supplyAsync(() -> {
            try (Connection c = ShardTestbed.connect(A.primaryJdbcUrl(src)); Statement s = c.createStatement()) {
                s.execute("set statement_timeout = 50");
                return insert(null, c);
            } catch (SQLException e) {
                return e.getSQLState();
            }
        }, pool);
        pool.shutdown();
        boolean sawWaiting = false;
        try (Connection observer = ShardTestbed.connect(A.primaryJdbcUrl(src))) {
            // the window stays open until the impatient write is done and the other was seen waiting
            // (waits are at most 250 ms, then refused)
            while (!impatient.isDone() || !(sawWaiting || writer.isDone())) {
                sawWaiting |= Long.parseLong(ShardTestbed.one(observer, WAITING)) > 0;
            }
        } finally {
            release.countDown();
        }
        assertThat(sawWaiting).as("the fenced write was seen waiting on the cutover lock").isTrue();
        assertThat(writer.get(30, TimeUnit.SECONDS)).as("the write's outcome").isEqualTo("40CQ1");
        assertThat(impatient.get(30, TimeUnit.SECONDS)).as("a write whose statement timeout ended its wait")
                .isEqualTo("40CQ1");
        MoveStatus st = op.await(Duration.ofSeconds(60));
        assertThat(st.state()).as("%s", st).isEqualTo(MoveState.COMPLETED);
        assertNotWritten(src, dst);
    }

    @Test
    void aTransactionBegunBeforeTheFenceIsRefusedAtOnceAndNeverWaits() throws Exception {
        String src = MoveFixture.shardDb(A, "cwb_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cwb_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        Connection early = ShardTestbed.connect(A.primaryJdbcUrl(src));
        early.setAutoCommit(false);
        AtomicBoolean opened = new AtomicBoolean();
        MoveHook hook = (step, persisted) -> {
            if (step.equals(Steps.APPROACHED) && !persisted && opened.compareAndSet(false, true)) {
                try (Statement s = early.createStatement()) { // a transaction id before the fence: the drain waits for it
                    s.executeUpdate("update app.customers set name = 'early' where id = 100");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        MoveOperation op = mover(map.name(), hook).split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        String fenceStamped = "select count(*) from cqrs_shard_lsm.fences where move_id = '" + op.id()
                + "' and fenced_at is not null";
        try (Connection observer = ShardTestbed.connect(A.primaryJdbcUrl(src))) {
            Workload.await(() -> {
                try {
                    return Long.parseLong(ShardTestbed.one(observer, fenceStamped)) > 0;
                } catch (SQLException e) {
                    return false; // the fence table may not exist yet
                }
            }, Duration.ofSeconds(60), "the fence to be stamped");
            CompletableFuture<String> writer = CompletableFuture.supplyAsync(() -> insert(null, early));
            boolean sawWaiting = false;
            while (!writer.isDone()) {
                sawWaiting |= Long.parseLong(ShardTestbed.one(observer, WAITING)) > 0;
            }
            assertThat(writer.get(30, TimeUnit.SECONDS)).as("the early transaction's write").isEqualTo("40CQ1");
            assertThat(sawWaiting).as("a transaction begun before the fence waited for the cutover").isFalse();
            assertThat(op.status().state()).as("the drain still waits for the early transaction")
                    .isEqualTo(MoveState.RUNNING);
        } finally {
            early.rollback();
            early.close();
        }
        MoveStatus st = op.await(Duration.ofSeconds(60));
        assertThat(st.state()).as("%s", st).isEqualTo(MoveState.COMPLETED);
        assertNotWritten(src, dst);
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.customers where name = 'early'")).isZero();
    }

    /**
     * Reads of the moving range under the fence: a run that watched replication since its initial
     * copy drops the range from the source's local map with the marker (the switch follows within
     * milliseconds), so a read through {@code ShardedDataSource} at that point is refused as a
     * stale mapping (retryable); a resumed run, which may verify or copy the range under the fence
     * for a long time, keeps the source serving reads until both local maps switch.
     */
    @Test
    void aResumedCutoverKeepsServingReadsUnderTheFenceAFirstRunDoesNot() throws Exception {
        assertThat(readUnderTheFence(false)).as("first run: read while fenced").isEqualTo("40001");
        assertThat(readUnderTheFence(true)).as("resumed run: read while fenced").isEqualTo("ok 1");
    }

    /** @return "ok n" with the rows a read of customer 600 found, or the SQLState it was refused with */
    private static String readUnderTheFence(boolean resumed) throws Exception {
        String src = MoveFixture.shardDb(A, "cwr_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cwr_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        String[] read = new String[1];
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name()).build()) {
            MoveHook readAtFenced = (step, persisted) -> {
                if (step.equals(Steps.FENCED) && !persisted && read[0] == null) {
                    read[0] = readCustomer(sds, map.name());
                }
            };
            MoveOperation op;
            if (resumed) { // killed just before the fence: the resuming mover did not watch the replication
                MoveOperation dying = mover(map.name(), MoveFixture.killAt(Steps.APPROACHED, false))
                        .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
                try {
                    dying.await(Duration.ofSeconds(60));
                } catch (MoveFixture.Killed expected) {
                    // as intended
                }
                op = mover(map.name(), readAtFenced).resume(dying.id());
            } else {
                op = mover(map.name(), readAtFenced).split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
            }
            MoveStatus st = op.await(Duration.ofSeconds(60));
            assertThat(st.state()).as("%s", st).isEqualTo(MoveState.COMPLETED);
            assertThat(readCustomer(sds, map.name())).as("read after the move").isEqualTo("ok 1");
        }
        return read[0];
    }

    private static String readCustomer(ShardedDataSource sds, String map) {
        try {
            return Sharding.withKey(map, 600L, () -> Routing.query(() -> {
                try (Connection c = sds.getConnection(); Statement s = c.createStatement();
                        java.sql.ResultSet rs = s.executeQuery("select count(*) from app.customers where id = 600")) {
                    rs.next();
                    return "ok " + rs.getLong(1);
                }
            }));
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    /**
     * A first run whose marker does not arrive (the target's subscription is disabled once the
     * approach has caught up, just before the fence) leaves the fast path once the marker is 250 ms late: the range goes back into
     * the source's local map, so a read through {@code ShardedDataSource} is served again long
     * before the catch-up timeout (5 s here) ends in a copy under the fence; the move then completes.
     */
    @Test
    void aLateMarkerPutsTheRangeBackForReadsLongBeforeTheCatchUpTimeout() throws Exception {
        String src = MoveFixture.shardDb(A, "cwm_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cwm_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        AtomicBoolean disabled = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong readAgainAfterMillis = new java.util.concurrent.atomic.AtomicLong(-1);
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name()).build()) {
            AtomicBoolean reading = new AtomicBoolean();
            MoveHook hook = (step, persisted) -> {
                if (step.equals(Steps.APPROACHED) && !persisted && disabled.compareAndSet(false, true)) {
                    // caught up, about to fence: from now on nothing the source commits reaches the target
                    try (Connection t = ShardTestbed.connect(B.primaryJdbcUrl(dst)); Statement s = t.createStatement()) {
                        s.execute("alter subscription " + OnlineMoveTest.name(op(map)) + " disable");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                } else if (step.equals(Steps.FENCED) && !persisted && reading.compareAndSet(false, true)) {
                    long fenced = System.nanoTime(); // the carve-out committed: reads are refused now
                    Thread reader = new Thread(() -> {
                        while (System.nanoTime() - fenced < 4_000_000_000L) {
                            if ("ok 1".equals(readCustomer(sds, map.name()))) {
                                readAgainAfterMillis.set((System.nanoTime() - fenced) / 1_000_000);
                                return;
                            }
                        }
                    });
                    reader.start();
                }
            };
            ShardMover mover = ShardMover.builder().manager(smm).map(map.name()).schema(LONG_SCHEMA)
                    .strategy(MoveStrategy.ONLINE).batchSize(1000).drainTimeout(Duration.ofSeconds(10))
                    .catchUpTimeout(Duration.ofSeconds(5)).stepHook(hook).build();
            MoveOperation op = mover.split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
            OPS.put(map.name(), op.id());
            MoveStatus st = op.await(Duration.ofSeconds(60));
            assertThat(st.state()).as("%s", st).isEqualTo(MoveState.COMPLETED);
            assertThat(readCustomer(sds, map.name())).as("read after the move").isEqualTo("ok 1");
        }
        assertThat(readAgainAfterMillis.get()).as("ms after the carve-out until a read was served again (catch-up"
                + " timeout 5,000 ms)").isBetween(0L, 2_500L);
    }

    /**
     * A first run that fails after the carve-out (here: every session of the target's database is
     * terminated right after it, so the catch-up's next read fails) puts the range back into the
     * source's local map before it ends FAILED: reads through {@code ShardedDataSource} are served
     * by the source until someone resumes the move, which then completes.
     */
    @Test
    void aRunThatFailsAfterTheCarveOutPutsItBackSoReadsAreServedUntilTheResume() throws Exception {
        String src = MoveFixture.shardDb(A, "cwf_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cwf_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        AtomicBoolean cut = new AtomicBoolean();
        MoveHook hook = (step, persisted) -> {
            if (step.equals(Steps.FENCED) && !persisted && cut.compareAndSet(false, true)) {
                try (Connection t = ShardTestbed.connect(B.primaryJdbcUrl(dst)); Statement s = t.createStatement()) {
                    s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database()"
                            + " and pid <> pg_backend_pid() and backend_type = 'client backend'");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        MoveOperation op = mover(map.name(), hook).split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> op.await(Duration.ofSeconds(60)))
                .isInstanceOf(ShardMoveException.class).hasMessageContaining("failed at step CUTOVER");
        assertThat(op.status().state()).isEqualTo(MoveState.FAILED);
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name()).build()) {
            assertThat(readCustomer(sds, map.name())).as("read while the move is FAILED").isEqualTo("ok 1");
            MoveStatus st = mover(map.name(), MoveHook.NONE).resume(op.id()).await(Duration.ofSeconds(60));
            assertThat(st.state()).as("%s", st).isEqualTo(MoveState.COMPLETED);
            assertThat(readCustomer(sds, map.name())).as("read after the move").isEqualTo("ok 1");
        }
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.customers where id = 600")).isEqualTo(1);
        assertThat(count(A.primaryJdbcUrl(src), "select count(*) from app.customers where id = 600")).isZero();
    }

    private static final java.util.Map<String, String> OPS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String op(RangeShardMap<Long> map) {
        return OPS.get(map.name());
    }

    /**
     * Starting a move on a shard that had one before changes nothing that writers of the sharded
     * tables read under a lock: the fence triggers read the fence table, so an exclusive lock on it
     * (an ALTER TABLE, even "add column if not exists" of a column that exists) would queue every
     * write of every sharded table behind any open transaction that wrote one. Seen in pg_locks.
     */
    @Test
    void aSecondMoveStartsWithoutLockingTheFenceTableBehindOpenWriters() throws Exception {
        String src = MoveFixture.shardDb(A, "cwl_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cwl_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        MoveStatus first = mover(map.name(), MoveHook.NONE).split(Range.of(0L, 1000L), 500L,
                ShardTestbed.location(B, dst)).await(Duration.ofSeconds(60));
        assertThat(first.state()).as("%s", first).isEqualTo(MoveState.COMPLETED);
        Connection open = ShardTestbed.connect(A.primaryJdbcUrl(src));
        open.setAutoCommit(false);
        try (Statement s = open.createStatement()) { // its trigger read the fence table: a lock until it ends
            s.executeUpdate("insert into app.orders (customer_id, amount) values (100, 1)");
        }
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            long seen = 0;
            try (Connection observer = ShardTestbed.connect(A.primaryJdbcUrl(src))) {
                while (!stop.get()) {
                    seen = Math.max(seen, Long.parseLong(ShardTestbed.one(observer, "select count(*) from pg_locks"
                            + " where relation = to_regclass('cqrs_shard_lsm.fences') and not granted")));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return seen;
        });
        MoveOperation second;
        try {
            second = mover(map.name(), MoveHook.NONE).split(Range.of(0L, 500L), 250L, ShardTestbed.location(B, dst));
        } finally {
            stop.set(true);
            open.rollback();
            open.close();
        }
        assertThat(waited.get(30, TimeUnit.SECONDS)).as("lock requests on the fence table that waited").isZero();
        MoveStatus st = second.await(Duration.ofSeconds(60));
        assertThat(st.state()).as("%s", st).isEqualTo(MoveState.COMPLETED);
    }

    /** Inserts an order of moving customer 600 (autocommit on a new connection, or in {@code tx}); @return the SQLState, or "ok". */
    private static String insert(String url, Connection tx) {
        try (Connection own = tx == null ? ShardTestbed.connect(url) : null) {
            Connection c = tx == null ? own : tx;
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into app.orders (customer_id, amount) values (600, 7331)");
                return "ok";
            }
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private static void assertNotWritten(String src, String dst) throws SQLException {
        assertThat(count(A.primaryJdbcUrl(src), "select count(*) from app.orders where amount = 7331")).isZero();
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.orders where amount = 7331")).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
