package io.cqrsrouting.shard;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.shard.internal.mover.MoveHook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads across a move: the target shard's standby has not replayed the switch (its replay is
 * paused), so its copy of the local map does not hold the moved mapping yet, nor the moved rows.
 * Reads of a moved key — plain replica reads and read-your-writes of a row written before the move
 * — are then served by the target's primary, never by the standby without the row; once the
 * standby has replayed the switch it serves them again.
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
}
