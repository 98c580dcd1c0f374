package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.mover.MoveHook;
import io.cqrsrouting.shard.internal.mover.Steps;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.count;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.MoveFixture.rows;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The online strategy between databases of two real replica sets: the moving range is replicated
 * while it stays writable, then fenced only while the target applies the last changes. Writers and
 * readers run through {@link ShardedDataSource} with a ledger; afterwards every acknowledged write
 * is on its shard exactly once, no read missed a moving customer, the maps agree and no publication,
 * subscription or replication slot is left.
 */
class OnlineMoveTest {

    static DataSource gsm;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    static ShardMover mover(String map, MoveHook hook) {
        return ShardMover.builder().manager(smm).map(map).schema(LONG_SCHEMA).strategy(MoveStrategy.ONLINE)
                .drainTimeout(Duration.ofSeconds(2)).catchUpTimeout(Duration.ofSeconds(10)).stepHook(hook).build();
    }

    static RangeShardMap<Long> seeded(String sourceDb) throws SQLException {
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("online"), Long.class);
        map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, sourceDb)));
        MoveFixture.seed(A.primaryJdbcUrl(sourceDb), longs(0, 1000, 5));
        MoveFixture.seedCountries(A.primaryJdbcUrl(sourceDb));
        // orders are filtered by customer_id, which its primary key (order_id) does not contain: without
        // this, PostgreSQL would refuse every UPDATE/DELETE of orders once the publication exists
        MoveFixture.exec(A.primaryJdbcUrl(sourceDb), "alter table app.orders replica identity full");
        return map;
    }

    @Test
    void anOnlineSplitKeepsTheRangeWritableWhileItCopiesAndLosesNothing() throws Exception {
        String src = MoveFixture.shardDb(A, "on_src", "bigint");
        String dst = MoveFixture.shardDb(B, "on_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        long[] keys = longs(0, 1000, 5).stream().mapToLong(Long::longValue).toArray();
        MoveFixture.Pause replicating = new MoveFixture.Pause(Steps.SYNCING);
        MoveLedger[] ledgerRef = new MoveLedger[1];
        // once the target has caught up just before the fence, hold its apply worker (a lock on orders)
        // while more writes commit on the source, and let go only after the fence is up: the switch must
        // wait for those writes
        java.sql.Connection[] lock = new java.sql.Connection[1];
        MoveHook lagTheTarget = (step, persisted) -> {
            if (step.equals(Steps.APPROACHED)) {
                lock[0] = holdTargetOrders(B.primaryJdbcUrl(dst), ledgerRef[0]);
            } else if (step.equals(Steps.FENCED)) { // inside the cutover: fenced and drained
                releaseLater(lock[0]);
            }
        };
        MoveHook hooks = (step, persisted) -> {
            replicating.reached(step, persisted);
            lagTheTarget.reached(step, persisted);
        };
        MoveStatus done;
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(4).connectionTimeout(Duration.ofSeconds(3))).build();
                MoveLedger ledger = new MoveLedger(sds, map.name(), keys, k -> k >= 500, 4)) {
            ledgerRef[0] = ledger;
            ledger.awaitMovingAcks(20, 30_000);
            MoveOperation op = mover(map.name(), hooks).split(Range.of(0L, 1000L), 500L,
                    ShardTestbed.location(B, dst));
            replicating.awaitReached();
            // subscription created, initial copy running: the moving range still takes writes
            ledger.awaitMovingAcks(30, 30_000);
            assertThat(op.status().step()).isEqualTo(Steps.SYNCING);
            replicating.release();
            done = op.await(Duration.ofSeconds(90));
            // writes to the moved range now reach the target (clients refresh their cached mapping)
            ledger.awaitMovingAcks(30, 30_000);
            ledger.close();

            assertThat(done.state()).isEqualTo(MoveState.COMPLETED);
            ledger.assertEveryAckOnItsShardOnce(A.primaryJdbcUrl(src), B.primaryJdbcUrl(dst));
            assertThat(ledger.reads.get()).isPositive();
            assertThat(ledger.misses).as("reads that missed a moving customer").isEmpty();
            assertThat(ledger.replicaMisses).as("replica reads that missed a moving customer").isEmpty();
            System.out.printf("online split: %d acknowledged writes, longest refusal of a moving-range writer %d ms%n",
                    ledger.acked.size(), ledger.maxBlockedMillis());
            assertNothingLeft(op.id(), src, dst);
        }
        assertThat(rows(A.primaryJdbcUrl(src)).keySet()).allMatch(k -> Long.parseLong(k) < 500).hasSize(100);
        assertThat(rows(B.primaryJdbcUrl(dst)).keySet()).allMatch(k -> Long.parseLong(k) >= 500).hasSize(100);
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.countries")).isEqualTo(2);
        assertThat(map.mappings()).extracting(RangeMapping::range).containsExactly(Range.of(0L, 500L), Range.of(500L, 1000L));
        assertThat(map.mappings()).allMatch(m -> m.status() == MappingStatus.ONLINE);
        RecoveryManager recovery = smm.recoveryManager();
        assertThat(recovery.detectMappingDifferences(ShardTestbed.location(A, src))).isEmpty();
        assertThat(recovery.detectMappingDifferences(ShardTestbed.location(B, dst))).isEmpty();
        // the source refuses writes to the range it gave away
        assertThatThrownBy(() -> MoveFixture.exec(A.primaryJdbcUrl(src), "insert into app.customers values (701, 'x')"))
                .isInstanceOf(SQLException.class).hasFieldOrPropertyWithValue("SQLState", "40CQ1");
    }

    /** Locks the target's orders table (its apply worker waits) and waits for 20 more writes to the moving range. */
    private static java.sql.Connection holdTargetOrders(String targetUrl, MoveLedger ledger) {
        try {
            java.sql.Connection lock = ShardTestbed.connect(targetUrl);
            lock.setAutoCommit(false);
            try (java.sql.Statement st = lock.createStatement()) {
                st.execute("lock table app.orders in access exclusive mode");
            }
            ledger.awaitMovingAcks(20, 30_000);
            return lock;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Releases the lock 300 ms after the fence is up: the mover must wait for the target to apply what it held. */
    private static void releaseLater(java.sql.Connection lock) {
        new Thread(() -> {
            try (lock) {
                Thread.sleep(300);
                lock.rollback();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "release-target-lock").start();
    }

    static Stream<Arguments> killPoints() {
        return Stream.of(Arguments.of(Steps.REPLICATING, true), Arguments.of(Steps.SYNCING, false),
                Arguments.of(Steps.PLANNED, false), Arguments.of(Steps.COPIED, false), Arguments.of(Steps.SWITCHED, true));
    }

    @ParameterizedTest(name = "killed at {0}, persisted={1}")
    @MethodSource("killPoints")
    void anOnlineMoveKilledAtAnyStepIsCompletedByResumeWithNothingLeftBehind(String step, boolean persisted)
            throws Exception {
        String src = MoveFixture.shardDb(A, "ok_src", "bigint");
        String dst = MoveFixture.shardDb(B, "ok_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        Map<String, String> before = rows(A.primaryJdbcUrl(src));

        MoveOperation dying = mover(map.name(), MoveFixture.killAt(step, persisted))
                .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        assertThatThrownBy(() -> dying.await(Duration.ofSeconds(60))).isInstanceOf(MoveFixture.Killed.class);
        MoveStatus st = mover(map.name(), MoveHook.NONE).resume(dying.id()).await(Duration.ofSeconds(60));

        assertThat(st.state()).isEqualTo(MoveState.COMPLETED);
        Map<String, String> left = rows(A.primaryJdbcUrl(src));
        Map<String, String> right = rows(B.primaryJdbcUrl(dst));
        assertThat(left.keySet()).allMatch(k -> Long.parseLong(k) < 500).hasSize(100);
        assertThat(right.keySet()).allMatch(k -> Long.parseLong(k) >= 500).hasSize(100);
        Map<String, String> all = new HashMap<>(left);
        all.putAll(right);
        assertThat(all).isEqualTo(before);
        assertThat(map.getMappingForKey(500L).shard().location()).isEqualTo(ShardTestbed.location(B, dst));
        assertNothingLeft(dying.id(), src, dst);
    }

    /**
     * A resumed run cannot know whether the target lost changes its replication slot had confirmed
     * (a promoted standby of the target), so under the fence it compares the rows too: here the
     * target loses rows while nobody runs the move; the marker still arrives, the comparison finds
     * the difference and the range is copied under the fence.
     */
    @Test
    void aResumedOnlineMoveVerifiesTheRowsUnderTheFenceAndCopiesWhatTheTargetLacks() throws Exception {
        String src = MoveFixture.shardDb(A, "ov_src", "bigint");
        String dst = MoveFixture.shardDb(B, "ov_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        Map<String, String> before = rows(A.primaryJdbcUrl(src));
        MoveOperation dying = mover(map.name(), MoveFixture.killAt(Steps.PLANNED, true))
                .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        assertThatThrownBy(() -> dying.await(Duration.ofSeconds(60))).isInstanceOf(MoveFixture.Killed.class);
        MoveFixture.exec(B.primaryJdbcUrl(dst), "delete from app.orders where customer_id between 600 and 700");
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.orders")).isLessThan(200);

        MoveStatus st = mover(map.name(), MoveHook.NONE).resume(dying.id()).await(Duration.ofSeconds(60));

        assertThat(st.state()).isEqualTo(MoveState.COMPLETED);
        Map<String, String> all = new HashMap<>(rows(A.primaryJdbcUrl(src)));
        all.putAll(rows(B.primaryJdbcUrl(dst)));
        assertThat(all).isEqualTo(before);
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.orders")).isEqualTo(200);
        assertNothingLeft(dying.id(), src, dst);
    }

    @Test
    void cancelWhileReplicatingLeavesTheSourceInChargeAndNoSlot() throws Exception {
        String src = MoveFixture.shardDb(A, "oc_src", "bigint");
        String dst = MoveFixture.shardDb(B, "oc_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        Map<String, String> before = rows(A.primaryJdbcUrl(src));
        MoveFixture.Pause pause = new MoveFixture.Pause(Steps.SYNCING);

        MoveOperation op = mover(map.name(), pause).split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        pause.awaitReached();
        assertThat(count(A.primaryJdbcUrl("postgres"), "select count(*) from pg_replication_slots where slot_name = '"
                + name(op.id()) + "'")).isEqualTo(1);
        assertThat(op.cancel()).isTrue();
        pause.release();
        MoveStatus st = op.await(Duration.ofSeconds(60));

        assertThat(st.state()).isEqualTo(MoveState.CANCELLED);
        assertThat(rows(A.primaryJdbcUrl(src))).isEqualTo(before);
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.customers")).isZero();
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.orders")).isZero();
        assertThat(map.mappings()).singleElement().satisfies(m -> {
            assertThat(m.range()).isEqualTo(Range.of(0L, 1000L));
            assertThat(m.status()).isEqualTo(MappingStatus.ONLINE);
        });
        MoveFixture.exec(A.primaryJdbcUrl(src), "insert into app.customers values (501, 'after cancel')");
        assertNothingLeft(op.id(), src, dst);
    }

    @Test
    void aReplicationSlotLostWhileSyncingIsRecreatedAndTheMoveCompletes() throws Exception {
        String src = MoveFixture.shardDb(A, "ol_src", "bigint");
        String dst = MoveFixture.shardDb(B, "ol_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        Map<String, String> before = rows(A.primaryJdbcUrl(src));
        MoveOperation dying = mover(map.name(), MoveFixture.killAt(Steps.SYNCING, true))
                .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        assertThatThrownBy(() -> dying.await(Duration.ofSeconds(60))).isInstanceOf(MoveFixture.Killed.class);
        // as after a failover of the source's primary: slots are not replicated to standbys
        String slot = name(dying.id());
        MoveFixture.exec(B.primaryJdbcUrl(dst), "alter subscription " + slot + " disable");
        Workload.await(() -> {
            try {
                return count(A.primaryJdbcUrl("postgres"), "select count(*) from pg_replication_slots where slot_name = '"
                        + slot + "' and not active") == 1;
            } catch (SQLException e) {
                return false;
            }
        }, Duration.ofSeconds(20), "the slot to be released");
        MoveFixture.exec(A.primaryJdbcUrl("postgres"), "select pg_drop_replication_slot('" + slot + "')");

        MoveStatus st = mover(map.name(), MoveHook.NONE).resume(dying.id()).await(Duration.ofSeconds(60));

        assertThat(st.state()).isEqualTo(MoveState.COMPLETED);
        Map<String, String> all = new HashMap<>(rows(A.primaryJdbcUrl(src)));
        all.putAll(rows(B.primaryJdbcUrl(dst)));
        assertThat(all).isEqualTo(before);
        assertThat(rows(B.primaryJdbcUrl(dst))).hasSize(100);
        assertNothingLeft(dying.id(), src, dst);
    }

    @Test
    void anOnlineMoveNamesWhatTheSourceLacks() throws Exception {
        String src = MoveFixture.shardDb(A, "op_src", "bigint");
        String dst = MoveFixture.shardDb(B, "op_dst", "bigint");
        RangeShardMap<Long> map = seeded(src);
        // orders' default replica identity (its primary key order_id) does not contain the key customer_id
        MoveFixture.exec(A.primaryJdbcUrl(src), "alter table app.orders replica identity default");
        List<RangeMapping<Long>> mappings = map.mappings();

        assertThatThrownBy(() -> mover(map.name(), MoveHook.NONE).split(Range.of(0L, 1000L), 500L,
                ShardTestbed.location(B, dst)))
                .isInstanceOf(ShardMoveException.class)
                .hasMessageContaining("replica identity of app.orders on the source shard does not include its key column");
        assertThat(map.mappings()).isEqualTo(mappings);
        MoveFixture.exec(A.primaryJdbcUrl(src), "alter table app.orders replica identity full");
        assertThat(mover(map.name(), MoveHook.NONE).split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst))
                .await(Duration.ofSeconds(60)).state()).isEqualTo(MoveState.COMPLETED);
    }

    static String name(String moveId) {
        return "cqrs_mv_" + moveId.replace("-", "");
    }

    static void assertNothingLeft(String moveId, String src, String dst) throws SQLException {
        String n = name(moveId);
        assertThat(count(A.primaryJdbcUrl(src), "select count(*) from pg_publication where pubname = '" + n + "'"))
                .as("publication left").isZero();
        assertThat(count(A.primaryJdbcUrl("postgres"), "select count(*) from pg_replication_slots where slot_name = '"
                + n + "'")).as("slot left").isZero();
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from pg_subscription where subname = '" + n + "'"))
                .as("subscription left").isZero();
    }
}
