package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.MoveFixture.rows;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Split, move and merge on a list map of String keys (tenants), text key columns, between two replica sets. */
class ListMapMoveTest {

    static DataSource gsm;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    @Test
    void pointsMoveInBatchesAndComeBackByMerge() throws Exception {
        String s1 = MoveFixture.shardDb(A, "lm_1", "text");
        String s2 = MoveFixture.shardDb(B, "lm_2", "text");
        ListShardMap<String> map = smm.createListShardMap(ShardTestbed.uniqueName("tenants"), String.class);
        Shard first = map.createShard(ShardTestbed.location(A, s1));
        List<String> tenants = new ArrayList<>();
        for (String t : new String[] {"acme", "beta", "Zeta", "delta", "émile", "gamma", "kappa", "omega"}) {
            tenants.add(t);
            map.createPointMapping(t, first);
        }
        MoveFixture.seed(A.primaryJdbcUrl(s1), tenants);
        Map<String, String> before = rows(A.primaryJdbcUrl(s1));
        ShardMover mover = ShardMover.builder().manager(smm).map(map.name())
                .schema(SchemaInfo.builder().shardedTable("app", "customers", "id")
                        .shardedTable("app", "orders", "customer_id").build())
                .batchSize(2).drainTimeout(Duration.ofSeconds(2)).build();

        // code point order: "Zeta" < "acme" < ... < "omega" < "zz\u00ff" < "émile"; the points of [delta, zz\u00ff) move
        MoveStatus split = mover.split(Range.of("A", "zz\u00ff"), "delta", ShardTestbed.location(B, s2))
                .await(Duration.ofSeconds(60));
        assertThat(split.state()).isEqualTo(MoveState.COMPLETED);
        assertThat(rows(B.primaryJdbcUrl(s2)).keySet()).containsExactlyInAnyOrder("delta", "gamma", "kappa", "omega");
        assertThat(rows(A.primaryJdbcUrl(s1)).keySet()).containsExactlyInAnyOrder("Zeta", "acme", "beta", "émile");
        assertThat(map.getMappingForKey("kappa").shard().location()).isEqualTo(ShardTestbed.location(B, s2));
        assertThat(map.getMappingForKey("émile").shard()).isEqualTo(first);

        assertThat(mover.move("acme", ShardTestbed.location(B, s2)).await(Duration.ofSeconds(60)).state())
                .isEqualTo(MoveState.COMPLETED);
        assertThat(map.getMappingForKey("acme").shard().location()).isEqualTo(ShardTestbed.location(B, s2));
        assertThat(rows(B.primaryJdbcUrl(s2))).containsKey("acme");

        // merge needs the left points on one shard: bring acme back, then the points of [delta, p) follow them
        assertThat(mover.move("acme", ShardTestbed.location(A, s1)).await(Duration.ofSeconds(60)).state())
                .isEqualTo(MoveState.COMPLETED);
        MoveStatus merged = mover.merge(Range.of("Zeta", "delta"), Range.of("delta", "p")).await(Duration.ofSeconds(60));
        assertThat(merged.state()).isEqualTo(MoveState.COMPLETED);
        Map<String, String> all = new HashMap<>(rows(A.primaryJdbcUrl(s1)));
        assertThat(rows(B.primaryJdbcUrl(s2))).isEmpty();
        assertThat(all).isEqualTo(before);
        assertThat(map.mappings()).hasSize(8).allMatch(m -> m.shard().equals(first) && m.status() == MappingStatus.ONLINE);
        assertThat(ShardMapManagerTest.lsm(B.primaryJdbcUrl(s2), map)).isEmpty();
    }
}
