package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.count;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.MoveFixture.rows;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.shard.internal.mover.MoveHook;
import io.cqrsrouting.shard.internal.mover.Steps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A move cancelled at each persisted step before the switch (the mover killed there, the move
 * cancelled and rolled back by a new mover's resume) leaves nothing behind on any node — no
 * publication, subscription or replication slot, no fence or guard row, no fence or truncate
 * trigger, no marker row — and leaves the source in charge: the whole range is one ONLINE mapping on
 * the source again, the target holds none of its rows, and through {@link ShardedDataSource} a write
 * and a read on the primary and a read on a replica of a key of the range are served by the source
 * database. Each step is tried in turn on the same two shard databases, so each rollback must
 * leave them as a fresh move expects them.
 */
class MoveCancelLeftoversTest {

    static DataSource gsm;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    /** Kill points whose persisted step is the one cancelled: NEXT before it is persisted leaves PREPARED. */
    static List<String[]> killPoints(MoveStrategy strategy) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {Steps.NEXT, "false", Steps.PREPARED});
        List<String> steps = strategy == MoveStrategy.ONLINE
                ? List.of(Steps.NEXT, Steps.REPLICATING, Steps.SYNCING, Steps.PLANNED, Steps.CUTOVER)
                : List.of(Steps.NEXT, Steps.PLANNED, Steps.OFFLINE, Steps.FENCED, Steps.COPIED);
        for (String s : steps) {
            out.add(new String[] {s, "true", s});
        }
        if (strategy == MoveStrategy.ONLINE) {
            // inside the cutover (persisted as CUTOVER): fenced and drained; target caught up
            out.add(new String[] {Steps.FENCED, "false", Steps.CUTOVER});
            out.add(new String[] {Steps.COPIED, "false", Steps.CUTOVER});
            // the local maps already switched, the global map not: the rollback undoes the local switch
            out.add(new String[] {Steps.SWITCHED, "false", Steps.CUTOVER});
        } else {
            out.add(new String[] {Steps.SWITCHED, "false", Steps.COPIED});
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MoveStrategy.class)
    void aCancelBeforeTheSwitchLeavesNothingBehindAndTheSourceInCharge(MoveStrategy strategy) throws Exception {
        String src = MoveFixture.shardDb(A, "cl_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cl_dst", "bigint");
        String srcUrl = A.primaryJdbcUrl(src);
        String dstUrl = B.primaryJdbcUrl(dst);
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("cancel"), Long.class);
        map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, src)));
        MoveFixture.seed(srcUrl, longs(0, 1000, 5));
        MoveFixture.seedCountries(srcUrl);
        MoveFixture.exec(srcUrl, "alter table app.orders replica identity full");
        long orderId = 70_000_000L;
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(2).connectionTimeout(Duration.ofSeconds(3))).build()) {
            for (String[] kp : killPoints(strategy)) {
                String state = kp[2];
                Map<String, String> before = rows(srcUrl);
                MoveOperation dying = mover(map.name(), strategy, MoveFixture.killAt(kp[0], Boolean.parseBoolean(kp[1])))
                        .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
                assertThatThrownBy(() -> dying.await(Duration.ofSeconds(60))).as(state)
                        .isInstanceOf(MoveFixture.Killed.class);
                assertThat(dying.status().step()).as("the persisted step").isEqualTo(state);
                assertThat(dying.cancel()).as(state).isTrue();
                MoveStatus st = mover(map.name(), strategy, MoveHook.NONE).resume(dying.id())
                        .await(Duration.ofSeconds(60));

                assertThat(st.state()).as("cancelled at " + state + ": " + st.detail()).isEqualTo(MoveState.CANCELLED);
                OnlineMoveTest.assertNothingLeft(dying.id(), src, dst);
                for (String url : List.of(srcUrl, dstUrl)) {
                    String node = state + " " + (url.equals(srcUrl) ? "source" : "target");
                    assertThat(count(url, "select count(*) from cqrs_shard_lsm.fences")).as(node + ": fence rows").isZero();
                    assertThat(count(url, "select count(*) from cqrs_shard_lsm.move_guards")).as(node + ": guard rows")
                            .isZero();
                    assertThat(count(url, "select count(*) from pg_trigger where tgrelid in ('app.customers'::regclass,"
                            + " 'app.orders'::regclass) and not tgisinternal")).as(node + ": triggers").isZero();
                    if (count(url, "select count(*) from pg_class where oid = to_regclass('cqrs_shard_lsm.move_marks')") > 0) {
                        assertThat(count(url, "select count(*) from cqrs_shard_lsm.move_marks")).as(node + ": marker rows")
                                .isZero();
                    }
                }
                assertThat(rows(srcUrl)).as(state).isEqualTo(before);
                assertThat(count(dstUrl, "select count(*) from app.customers")).as(state).isZero();
                assertThat(count(dstUrl, "select count(*) from app.orders")).as(state).isZero();
                assertThat(map.mappings()).as(state).singleElement().satisfies(m -> {
                    assertThat(m.range()).isEqualTo(Range.of(0L, 1000L));
                    assertThat(m.status()).isEqualTo(MappingStatus.ONLINE);
                    assertThat(m.shard().location()).isEqualTo(ShardTestbed.location(A, src));
                });
                // the source is in charge of the range, through the routing API
                long id = orderId++;
                assertThat(write(sds, map.name(), 700L, id)).as(state + ": write of a key of the range").isEqualTo(src);
                assertThat(read(sds, map.name(), 700L, id, Consistent.Level.PRIMARY)).as(state + ": primary read")
                        .isEqualTo("1 " + src + " primary");
                // a query goes to the source's standby, or to its primary while the standby has not replayed the rollback
                assertThat(read(sds, map.name(), 705L, -1, null)).as(state + ": query").startsWith("1 " + src + " ");
                assertThat(count(srcUrl, "select count(*) from app.orders where order_id = " + id)).isEqualTo(1);
            }
        }
    }

    static ShardMover mover(String map, MoveStrategy strategy, MoveHook hook) {
        return ShardMover.builder().manager(smm).map(map).schema(LONG_SCHEMA).strategy(strategy).batchSize(100)
                .drainTimeout(Duration.ofSeconds(2)).catchUpTimeout(Duration.ofSeconds(10)).stepHook(hook).build();
    }

    /** Inserts an order through the routing API; returns the database that took it. */
    private static String write(ShardedDataSource sds, String map, long key, long orderId) throws SQLException {
        return Sharding.withKey(map, key, () -> Routing.command(() -> {
            try (Connection c = sds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "insert into app.orders (order_id, customer_id, amount) values (?, ?, 9) returning current_database()")) {
                ps.setLong(1, orderId);
                ps.setLong(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        }));
    }

    /** Counts the customer (or the order, if {@code orderId >= 0}); returns "count database role". */
    private static String read(ShardedDataSource sds, String map, long key, long orderId, Consistent.Level level)
            throws SQLException {
        Routing.Work<String, SQLException> work = () -> {
            try (Connection c = sds.getConnection(); PreparedStatement ps = c.prepareStatement(orderId >= 0
                    ? "select count(*) || ' ' || current_database() || (case when pg_is_in_recovery() then ' standby'"
                            + " else ' primary' end) from app.orders where order_id = ? and customer_id = ?"
                    : "select count(*) || ' ' || current_database() || (case when pg_is_in_recovery() then ' standby'"
                            + " else ' primary' end) from app.customers where id = ? and ? >= 0")) {
                ps.setLong(1, orderId >= 0 ? orderId : key);
                ps.setLong(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        };
        return Sharding.withKey(map, key, () -> level == null ? Routing.query(work) : Routing.consistent(level, 0, work));
    }
}
