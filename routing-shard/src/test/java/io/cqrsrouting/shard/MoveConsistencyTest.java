package io.cqrsrouting.shard;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.shard.internal.mover.MoveHook;
import io.cqrsrouting.shard.internal.mover.Steps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads across a move: the target shard's standby has not replayed the switch (its replay is
 * paused), so its copy of the local map does not hold the moved mapping yet, nor the moved rows.
 * Reads of a moved key — plain replica reads and read-your-writes of a row written before the move
 * — are then served by the target's primary, never by the standby without the row; once the
 * standby has replayed the switch it serves them again.
 *
 * <p>And on the source: a connection validated before a batch went offline (on the source's
 * standby, or on its primary) and used only after the switch still finds the whole shardlet — the
 * source keeps the rows until such connections are used or, after the grace period, terminated
 * (then they fail; they never find nothing).
 */
class MoveConsistencyTest {

    static DataSource gsm;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    /** "recovery:count" of the customer's orders, read through the router for {@code key}. */
    static String read(ShardedDataSource sds, String map, long key, boolean readYourWrites) throws SQLException {
        Routing.Work<String, SQLException> work = () -> {
            try (Connection c = sds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select pg_is_in_recovery() || ':' || count(*) from app.orders where customer_id = ?")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        };
        return Sharding.withKey(map, key, () -> readYourWrites
                ? Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0, work) : Routing.query(work));
    }

    @Test
    void aStandbyThatHasNotReplayedTheSwitchNeverServesTheMovedKey() throws Exception {
        String src = MoveFixture.shardDb(A, "mc_src", "bigint");
        String dst = MoveFixture.shardDb(B, "mc_dst", "bigint");
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("mcons"), Long.class);
        Shard s1 = map.createShard(ShardTestbed.location(A, src));
        map.createRangeMapping(Range.of(0L, 500L), s1);
        map.createRangeMapping(Range.of(500L, 1000L), s1);
        MoveFixture.seed(A.primaryJdbcUrl(src), longs(0, 1000, 10));
        B.awaitReplay(0, Duration.ofSeconds(30));
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(2).monitorInterval(Duration.ofMillis(100))).build()) {
            // the session's own write, before the move: a third order of customer 700
            Routing.Work<Object, SQLException> write = () -> {
                try (Connection c = sds.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "insert into app.orders (order_id, customer_id, amount) values (900000, 700, 3)")) {
                    ps.executeUpdate();
                }
                return null;
            };
            Sharding.withKey(map.name(), 700L, () -> Routing.command(write));
            B.pauseReplay(0);
            try {
                MoveStatus st = ShardMover.builder().manager(smm).map(map.name()).schema(LONG_SCHEMA)
                        .drainTimeout(Duration.ofSeconds(2)).stepHook(MoveHook.NONE).build()
                        .move(700L, ShardTestbed.location(B, dst)).await(Duration.ofSeconds(60));
                assertThat(st.state()).isEqualTo(MoveState.COMPLETED);

                for (int i = 0; i < 5; i++) {
                    assertThat(read(sds, map.name(), 700L, false)).as("plain replica read of a moved key")
                            .isEqualTo("false:3");
                    assertThat(read(sds, map.name(), 700L, true)).as("read-your-writes of a moved key")
                            .isEqualTo("false:3");
                }
            } finally {
                B.resumeReplay(0);
            }
            B.awaitReplay(0, Duration.ofSeconds(30));
            assertThat(read(sds, map.name(), 700L, false)).as("the standby has replayed the switch").isEqualTo("true:3");
        }
    }

    /** A connection of {@code route} for {@code key}, validated and not used (held past its scope). */
    static Connection validated(ShardedDataSource sds, String map, long key, Consistent.Level level) throws SQLException {
        Connection c = Sharding.withKey(map, key, () -> Routing.consistent(level, 0, sds::getConnection));
        assertThat(RoutingSpi.routeOf(c)).isEqualTo(level == Consistent.Level.PRIMARY ? Route.PRIMARY : Route.REPLICA);
        return c;
    }

    /** "customers:orders" of {@code key} read on a held connection. */
    static String readOn(Connection c, String map, long key) throws SQLException {
        return Sharding.withKey(map, key, () -> Routing.query(() -> {
            try (PreparedStatement ps = c.prepareStatement("select (select count(*) from app.customers where id = ?)"
                    + " || ':' || (select count(*) from app.orders where customer_id = ?)")) {
                ps.setLong(1, key);
                ps.setLong(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        }));
    }

    /** Holds the mover before the batch goes offline; counts the switch. */
    static final class Hold implements MoveHook {
        final MoveFixture.Pause beforeOffline = new MoveFixture.Pause(Steps.PLANNED);
        final CountDownLatch switched = new CountDownLatch(1);

        @Override
        public void reached(String step, boolean persisted) {
            beforeOffline.reached(step, persisted);
            if (step.equals(Steps.SWITCHED) && persisted) {
                switched.countDown();
            }
        }
    }

    /** Whether a mover is waiting on the source standby for sessions validated before the switch. */
    static boolean settlingOn(String standbyUrl) throws SQLException {
        return Long.parseLong(ShardTestbed.one(standbyUrl, "select count(*) from pg_stat_activity"
                + " where query like '/* cqrs-shard-settle */%'")) > 0;
    }

    @Test
    void connectionsValidatedBeforeTheBatchWentOfflineStillFindTheWholeShardletAfterTheSwitch() throws Exception {
        String src = MoveFixture.shardDb(A, "mc_vs", "bigint");
        String dst = MoveFixture.shardDb(B, "mc_vd", "bigint");
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("mvalid"), Long.class);
        Shard s1 = map.createShard(ShardTestbed.location(A, src));
        map.createRangeMapping(Range.of(0L, 500L), s1);
        map.createRangeMapping(Range.of(500L, 1000L), s1);
        MoveFixture.seed(A.primaryJdbcUrl(src), longs(0, 1000, 10));
        A.awaitReplay(0, Duration.ofSeconds(30));
        Hold hold = new Hold();
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(2).monitorInterval(Duration.ofMillis(100))).build()) {
            assertThat(read(sds, map.name(), 700L, false)).isEqualTo("true:2");
            MoveOperation op = ShardMover.builder().manager(smm).map(map.name()).schema(LONG_SCHEMA).batchSize(1000)
                    .drainTimeout(Duration.ofSeconds(60)).stepHook(hold).build()
                    .move(700L, ShardTestbed.location(B, dst));
            hold.beforeOffline.awaitReached();
            A.pauseReplay(0);
            try (Connection onStandby = validated(sds, map.name(), 700L, Consistent.Level.READ_YOUR_WRITES);
                    Connection onPrimary = validated(sds, map.name(), 700L, Consistent.Level.PRIMARY)) {
                try {
                    hold.beforeOffline.release();
                    assertThat(hold.switched.await(60, TimeUnit.SECONDS)).as("switched").isTrue();
                } finally {
                    A.resumeReplay(0);
                }
                // the source's standby replays the switch; then either the mover waits there for the
                // connections validated earlier, or (a mover that does not) it has deleted the rows already
                String standbyUrl = A.standbyJdbcUrl(0, src);
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (op.status().state() != MoveState.COMPLETED && !settlingOn(standbyUrl)) {
                    assertThat(System.nanoTime()).as("mover settling or done").isLessThan(deadline);
                    Thread.sleep(5);
                }
                A.awaitReplay(0, Duration.ofSeconds(30));
                assertThat(readOn(onStandby, map.name(), 700L)).as("source standby, validated before the offline step")
                        .isEqualTo("1:2");
                assertThat(readOn(onPrimary, map.name(), 700L)).as("source primary, validated before the offline step")
                        .isEqualTo("1:2");
            }
            MoveStatus st = op.await(Duration.ofSeconds(60));
            assertThat(st.state()).isEqualTo(MoveState.COMPLETED);
            assertThat(MoveFixture.count(A.primaryJdbcUrl(src), "select count(*) from app.customers where id = 700"))
                    .isZero();
            assertThat(read(sds, map.name(), 700L, false)).endsWith(":2");
        }
    }

    @Test
    void aConnectionValidatedBeforeTheSwitchAndLeftUnusedPastTheGracePeriodFailsInsteadOfFindingNothing()
            throws Exception {
        String src = MoveFixture.shardDb(A, "mc_gs", "bigint");
        String dst = MoveFixture.shardDb(B, "mc_gd", "bigint");
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("mgrace"), Long.class);
        Shard s1 = map.createShard(ShardTestbed.location(A, src));
        map.createRangeMapping(Range.of(0L, 500L), s1);
        map.createRangeMapping(Range.of(500L, 1000L), s1);
        MoveFixture.seed(A.primaryJdbcUrl(src), longs(0, 1000, 10));
        Hold hold = new Hold();
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(2)).build()) {
            MoveOperation op = ShardMover.builder().manager(smm).map(map.name()).schema(LONG_SCHEMA).batchSize(1000)
                    .drainTimeout(Duration.ofMillis(500)).stepHook(hold).build()
                    .move(700L, ShardTestbed.location(B, dst));
            hold.beforeOffline.awaitReached();
            try (Connection held = validated(sds, map.name(), 700L, Consistent.Level.PRIMARY)) {
                hold.beforeOffline.release();
                MoveStatus st = op.await(Duration.ofSeconds(60));
                assertThat(st.state()).isEqualTo(MoveState.COMPLETED);
                assertThatThrownBy(() -> readOn(held, map.name(), 700L)).as("terminated, not empty")
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isIn("57P01", "08006", "08003"));
            }
        }
    }
}
