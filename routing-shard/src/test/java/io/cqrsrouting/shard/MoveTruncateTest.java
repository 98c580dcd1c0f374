package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.count;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.shard.internal.mover.MoveHook;
import io.cqrsrouting.shard.internal.mover.Steps;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code TRUNCATE} of a sharded table while a move runs: row triggers (the write fence) do not see
 * it and logical replication does not carry it, so without a guard a truncate on the source would
 * leave copied rows alive on the target (resurrected after the switch) and one on the target would
 * drop copied rows. An operator truncates both shards at several steps of a split while writers and
 * readers run through {@link ShardedDataSource} with a ledger: every truncate is refused with
 * SQLState 55CQ2 naming the move and its map, the move completes, every seeded customer and order
 * and every acknowledged write is on its shard exactly once; and once the move is over, TRUNCATE
 * works again.
 */
class MoveTruncateTest {

    static DataSource gsm;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MoveStrategy.class)
    void truncateDuringAMoveIsRefusedOnBothShardsAndTheMoveLosesNothing(MoveStrategy strategy) throws Exception {
        String src = MoveFixture.shardDb(A, "tr_src", "bigint");
        String dst = MoveFixture.shardDb(B, "tr_dst", "bigint");
        String srcUrl = A.primaryJdbcUrl(src);
        String dstUrl = B.primaryJdbcUrl(dst);
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("trunc"), Long.class);
        map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, src)));
        MoveFixture.seed(srcUrl, longs(0, 1000, 5));
        MoveFixture.seedCountries(srcUrl);
        MoveFixture.exec(srcUrl, "alter table app.orders replica identity full");
        Map<String, String> seeded = MoveFixture.rows(srcUrl);

        // the steps at which the operator truncates: while the range is copied (online: streamed and
        // still writable), under the fence, and after the switch before the source's rows are deleted
        Set<String> at = strategy == MoveStrategy.ONLINE
                ? Set.of(Steps.SYNCING, Steps.FENCED, Steps.SWITCHED)
                : Set.of(Steps.NEXT, Steps.FENCED, Steps.COPIED, Steps.SWITCHED);
        List<String> attempts = new CopyOnWriteArrayList<>();
        Set<String> tried = ConcurrentHashMap.newKeySet();
        MoveHook truncateAt = (step, persisted) -> {
            // FENCED: the online cutover calls it unpersisted, inside its write window (fenced, drained)
            if ((persisted || step.equals(Steps.FENCED)) && at.contains(step) && tried.add(step)) {
                for (String url : List.of(srcUrl, dstUrl)) {
                    for (String sql : List.of("truncate app.orders", "truncate app.customers cascade")) {
                        attempts.add(step + " " + (url.equals(srcUrl) ? "source" : "target") + " " + sql + ": "
                                + truncate(url, sql));
                    }
                }
            }
        };
        long[] keys = longs(0, 1000, 5).stream().mapToLong(Long::longValue).toArray();
        MoveOperation op;
        MoveStatus done;
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(3).connectionTimeout(Duration.ofSeconds(3))).build();
                MoveLedger ledger = new MoveLedger(sds, map.name(), keys, k -> k >= 500, 2)) {
            ledger.awaitMovingAcks(10, 30_000);
            op = ShardMover.builder().manager(smm).map(map.name()).schema(LONG_SCHEMA).strategy(strategy)
                    .batchSize(250).drainTimeout(Duration.ofSeconds(2)).catchUpTimeout(Duration.ofSeconds(10))
                    .stepHook(truncateAt).build()
                    .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
            done = op.await(Duration.ofSeconds(90));
            ledger.awaitMovingAcks(10, 30_000);
            ledger.close();
            assertThat(done.state()).as(done.detail()).isEqualTo(MoveState.COMPLETED);
            ledger.assertEveryAckOnItsShardOnce(srcUrl, dstUrl);
        }

        assertThat(tried).as("steps at which a truncate was tried").isEqualTo(at);
        assertThat(attempts).hasSize(at.size() * 4).allSatisfy(a -> assertThat(a)
                .contains("refused 55CQ2")
                .contains("move " + op.id() + " of shard map " + map.name() + " is in progress"));
        // every seeded customer with its seeded orders is on exactly one shard, the one it belongs to
        Map<String, String> all = new TreeMap<>(seededRows(srcUrl));
        Map<String, String> moved = seededRows(dstUrl);
        assertThat(moved.keySet()).allMatch(k -> Long.parseLong(k) >= 500).hasSize(100);
        moved.forEach((k, v) -> assertThat(all.put(k, v)).as("customer on both shards").isNull());
        assertThat(all).isEqualTo(seeded);
        assertThat(count(dstUrl, "select count(*) from app.customers")).isEqualTo(100);

        // the move is over: an operator may truncate again, on both shards
        assertThat(truncate(srcUrl, "truncate app.orders")).isEqualTo("done");
        assertThat(truncate(dstUrl, "truncate app.orders")).isEqualTo("done");
        assertThat(count(srcUrl, "select count(*) from cqrs_shard_lsm.move_guards")).isZero();
    }

    /** Customer id → "name|seeded amounts" (the ledger's orders have ids from 50,000,000 on and are checked by the ledger). */
    private static Map<String, String> seededRows(String url) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = ShardTestbed.connect(url); Statement s = c.createStatement(); var rs = s.executeQuery(
                "select c.id::text, c.name || '|' || coalesce((select string_agg(o.amount::text, ',' order by o.amount)"
                        + " from app.orders o where o.customer_id = c.id and o.order_id < 50000000), '')"
                        + " from app.customers c")) {
            while (rs.next()) {
                assertThat(out.put(rs.getString(1), rs.getString(2))).as("duplicate customer").isNull();
            }
        }
        return out;
    }

    /**
     * Runs a truncate as an operator would: retried when it loses a deadlock against the writers (it
     * takes its table locks before any trigger runs, and the writers' foreign-key checks lock the
     * customers), at most 5 times.
     *
     * @return "done", or "refused SQLSTATE message"
     */
    static String truncate(String url, String sql) {
        String outcome = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Connection c = ShardTestbed.connect(url); Statement s = c.createStatement()) {
                s.execute("set lock_timeout = '10s'");
                s.execute(sql);
                return "done";
            } catch (SQLException e) {
                outcome = "refused " + e.getSQLState() + " " + e.getMessage();
                if (!"40P01".equals(e.getSQLState())) {
                    return outcome;
                }
            }
        }
        return outcome;
    }
}
