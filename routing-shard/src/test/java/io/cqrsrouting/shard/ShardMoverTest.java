package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.count;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.MoveFixture.rows;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.shard.internal.mover.MoveHook;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Split, merge and move of a range map in offline batches, between databases of two real replica
 * sets: rows end up on the target exactly once and gone from the source, mappings in the GSM and
 * both LSMs agree, reference tables are copied, preconditions are checked before anything moves.
 */
class ShardMoverTest {

    static DataSource gsm;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    static ShardMover mover(String map, int batch, MoveHook hook) {
        return ShardMover.builder().manager(smm).map(map).schema(LONG_SCHEMA).batchSize(batch)
                .drainTimeout(Duration.ofSeconds(2)).stepHook(hook).build();
    }

    /** A map with [0, 1000) on a new database of set A holding customers 0, 5, 10, ... each with two orders. */
    static RangeShardMap<Long> seeded(String name, String sourceDb) throws SQLException {
        RangeShardMap<Long> map = smm.createRangeShardMap(name, Long.class);
        Shard s1 = map.createShard(ShardTestbed.location(A, sourceDb));
        map.createRangeMapping(Range.of(0L, 1000L), s1);
        MoveFixture.seed(A.primaryJdbcUrl(sourceDb), longs(0, 1000, 5));
        MoveFixture.seedCountries(A.primaryJdbcUrl(sourceDb));
        return map;
    }

    static Map<String, String> union(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new HashMap<>(a);
        b.forEach((k, v) -> {
            if (all.put(k, v) != null) {
                throw new AssertionError("customer on both shards");
            }
        });
        return all;
    }

    @Test
    void splitMovesTheUpperPartInBatchesAndEveryMapAgrees() throws Exception {
        String src = MoveFixture.shardDb(A, "mv_src", "bigint");
        String dst = MoveFixture.shardDb(B, "mv_dst", "bigint");
        RangeShardMap<Long> map = seeded(ShardTestbed.uniqueName("split"), src);
        Map<String, String> before = rows(A.primaryJdbcUrl(src));

        MoveOperation op = mover(map.name(), 30, MoveHook.NONE).split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        MoveStatus done = op.await(Duration.ofSeconds(60));

        assertThat(done.state()).isEqualTo(MoveState.COMPLETED);
        assertThat(done.percent()).isEqualTo(100);
        assertThat(done.rowsCopied()).isEqualTo(300); // 100 customers and 200 orders
        Map<String, String> left = rows(A.primaryJdbcUrl(src));
        Map<String, String> right = rows(B.primaryJdbcUrl(dst));
        assertThat(left.keySet()).allMatch(k -> Long.parseLong(k) < 500).hasSize(100);
        assertThat(right.keySet()).allMatch(k -> Long.parseLong(k) >= 500).hasSize(100);
        assertThat(union(left, right)).isEqualTo(before);
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.countries")).isEqualTo(2);
        // batches of 30 keys were coalesced: one mapping per side, in the GSM and in each LSM
        List<RangeMapping<Long>> mappings = map.mappings();
        assertThat(mappings).extracting(RangeMapping::range).containsExactly(Range.of(0L, 500L), Range.of(500L, 1000L));
        assertThat(mappings).extracting(m -> m.shard().location()).containsExactly(ShardTestbed.location(A, src),
                ShardTestbed.location(B, dst));
        assertThat(mappings).allMatch(m -> m.status() == MappingStatus.ONLINE);
        assertThat(ShardMapManagerTest.lsm(A.primaryJdbcUrl(src), map)).isEqualTo(mappings.get(0).id() + ":ONLINE:"
                + mappings.get(0).version());
        assertThat(ShardMapManagerTest.lsm(B.primaryJdbcUrl(dst), map)).isEqualTo(mappings.get(1).id() + ":ONLINE:"
                + mappings.get(1).version());
        // the source refuses writes to the range it gave away; its own range stays writable
        assertThatThrownBy(() -> MoveFixture.exec(A.primaryJdbcUrl(src), "insert into app.customers values (700, 'x')"))
                .isInstanceOf(SQLException.class).hasFieldOrPropertyWithValue("SQLState", "40CQ1");
        MoveFixture.exec(A.primaryJdbcUrl(src), "insert into app.customers values (401, 'x')");
        MoveFixture.exec(B.primaryJdbcUrl(dst), "insert into app.customers values (701, 'x')");
    }

    @Test
    void mergeBringsTheRightRangeToTheLeftShardAsOneMapping() throws Exception {
        String s1 = MoveFixture.shardDb(A, "mg_1", "bigint");
        String s2 = MoveFixture.shardDb(B, "mg_2", "bigint");
        RangeShardMap<Long> map = seeded(ShardTestbed.uniqueName("merge"), s1);
        Map<String, String> before = rows(A.primaryJdbcUrl(s1));
        ShardMover mover = mover(map.name(), 1000, MoveHook.NONE);
        assertThat(mover.split(Range.of(0L, 1000L), 300L, ShardTestbed.location(B, s2)).await(Duration.ofSeconds(60))
                .state()).isEqualTo(MoveState.COMPLETED);

        MoveStatus merged = mover.merge(Range.of(0L, 300L), Range.of(300L, 1000L)).await(Duration.ofSeconds(60));

        assertThat(merged.state()).isEqualTo(MoveState.COMPLETED);
        assertThat(rows(A.primaryJdbcUrl(s1))).isEqualTo(before);
        assertThat(count(B.primaryJdbcUrl(s2), "select count(*) from app.customers")).isZero();
        assertThat(count(B.primaryJdbcUrl(s2), "select count(*) from app.orders")).isZero();
        assertThat(map.mappings()).singleElement().satisfies(m -> {
            assertThat(m.range()).isEqualTo(Range.of(0L, 1000L));
            assertThat(m.shard().location()).isEqualTo(ShardTestbed.location(A, s1));
        });
        assertThat(ShardMapManagerTest.lsm(B.primaryJdbcUrl(s2), map)).isEmpty();
        // the range came back: s1's fence for it is gone
        MoveFixture.exec(A.primaryJdbcUrl(s1), "insert into app.customers values (701, 'back')");
    }

    @Test
    void moveTakesTheWholeRangeHoldingTheKey() throws Exception {
        String s1 = MoveFixture.shardDb(A, "mo_1", "bigint");
        String s2 = MoveFixture.shardDb(B, "mo_2", "bigint");
        RangeShardMap<Long> map = seeded(ShardTestbed.uniqueName("move"), s1);
        Shard first = map.shards().get(0);
        map.createRangeMapping(Range.of(1000L, 2000L), first);
        MoveFixture.seed(A.primaryJdbcUrl(s1), longs(1000, 2000, 10));
        Map<String, String> before = rows(A.primaryJdbcUrl(s1));

        MoveStatus st = mover(map.name(), 7, MoveHook.NONE).move(1500L, ShardTestbed.location(B, s2))
                .await(Duration.ofSeconds(60));

        assertThat(st.state()).isEqualTo(MoveState.COMPLETED);
        assertThat(rows(B.primaryJdbcUrl(s2)).keySet()).hasSize(100).allMatch(k -> Long.parseLong(k) >= 1000);
        assertThat(union(rows(A.primaryJdbcUrl(s1)), rows(B.primaryJdbcUrl(s2)))).isEqualTo(before);
        assertThat(map.mappings()).extracting(RangeMapping::range).containsExactly(Range.of(0L, 1000L),
                Range.of(1000L, 2000L));
        assertThat(map.getMappingForKey(1999L).shard().location()).isEqualTo(ShardTestbed.location(B, s2));
        assertThat(map.getMappingForKey(999L).shard()).isEqualTo(first);
    }

    @Test
    void everyFailedPreconditionIsNamedInOneErrorAndNothingMoves() throws Exception {
        String s1 = MoveFixture.shardDb(A, "pc_1", "bigint");
        RangeShardMap<Long> map = seeded(ShardTestbed.uniqueName("pre"), s1);
        String bad = ShardTestbed.newDatabase(B, "pc_bad");
        String url = B.primaryJdbcUrl(bad);
        MoveFixture.exec(url, "create schema app");
        MoveFixture.exec(url, "create table app.customers (id bigint primary key, name text not null)");
        MoveFixture.exec(url, "create table app.orders (order_id bigserial primary key, customer_id bigint not null,"
                + " amount int not null)"); // no index on customer_id
        MoveFixture.exec(url, "create table app.countries (code text primary key, name text not null)");
        MoveFixture.exec(url, "insert into app.countries values ('XX', 'Elsewhere')");
        MoveFixture.exec(url, "insert into app.customers values (600, 'already here')");
        List<RangeMapping<Long>> mappingsBefore = map.mappings();

        assertThatThrownBy(() -> mover(map.name(), 10, MoveHook.NONE).split(Range.of(0L, 1000L), 500L,
                ShardTestbed.location(B, bad)))
                .isInstanceOf(ShardMoveException.class)
                .hasMessageContaining("key column customer_id of app.orders is not indexed on the target")
                .hasMessageContaining("app.customers on the target shard already holds rows in the moving key range")
                .hasMessageContaining("reference table app.countries on the target shard is neither empty nor identical")
                .hasMessageNotContaining("600").hasMessageNotContaining("500");
        assertThat(map.mappings()).isEqualTo(mappingsBefore);
        assertThat(count(A.primaryJdbcUrl(s1), "select count(*) from app.customers")).isEqualTo(200);

        String missing = ShardTestbed.newDatabase(B, "pc_missing");
        assertThatThrownBy(() -> mover(map.name(), 10, MoveHook.NONE).move(5L, ShardTestbed.location(B, missing)))
                .isInstanceOf(ShardMoveException.class)
                .hasMessageContaining("table app.customers does not exist on the target shard")
                .hasMessageContaining("table app.orders does not exist on the target shard")
                .hasMessageContaining("table app.countries does not exist on the target shard");
        assertThatThrownBy(() -> mover(map.name(), 10, MoveHook.NONE).split(Range.of(0L, 999L), 500L,
                ShardTestbed.location(B, missing))).hasMessageContaining("not exactly the range of one mapping");
        assertThatThrownBy(() -> mover(map.name(), 10, MoveHook.NONE).split(Range.of(0L, 1000L), 1000L,
                ShardTestbed.location(B, missing))).hasMessageContaining("strictly inside");
    }

    @Test
    void builderRefusesBadSettingsNamingThem() {
        assertThatThrownBy(() -> ShardMover.builder().manager(smm).map("x").schema(LONG_SCHEMA).batchSize(0))
                .hasMessageContaining("batchSize").hasMessageContaining("0");
        assertThatThrownBy(() -> ShardMover.builder().manager(smm).map("x").build()).hasMessageContaining("schema");
        assertThatThrownBy(() -> SchemaInfo.builder().referenceTable("app", "countries").build())
                .hasMessageContaining("shardedTable");
        assertThatThrownBy(() -> SchemaInfo.builder().shardedTable("app", "t", "k").shardedTable("app", "t", "k"))
                .hasMessageContaining("app.t is given twice");
    }

    static Connection connectTo(String url) throws SQLException {
        return ShardTestbed.connect(url);
    }
}
