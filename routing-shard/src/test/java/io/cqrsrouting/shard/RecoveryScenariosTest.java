package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.core.Routing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A shard restored to an earlier copy of itself, and a dropped shard, on the shared replica sets. */
class RecoveryScenariosTest {

    static DataSource gsm;
    static ShardMapManager smm;
    static RecoveryManager recovery;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
        recovery = smm.recoveryManager();
    }

    static void insert(String url, long... ids) throws SQLException {
        for (long id : ids) {
            ShardTestbed.exec(url, "insert into orders (id) values (" + id + ")");
        }
    }

    /** Reads order {@code id} through the sharded data source: "database:found". */
    static String readThrough(ShardedDataSource sds, String map, long id) throws SQLException {
        return Sharding.withKey(map, id, () -> Routing.command(() -> {
            try (Connection c = sds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select current_database(), count(*) from orders where id = ? group by 1")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) + ":" + rs.getLong(2) : ShardTestbed.one(c, "select current_database()") + ":0";
                }
            }
        }));
    }

    @Test
    void pointInTimeRestoreIsDetectedExactlyAndResolvedByTheShardsMapping() throws SQLException {
        String db1 = ShardTestbed.newDatabase(A, "pitr_1");
        String db2 = ShardTestbed.newDatabase(B, "pitr_2");
        ShardLocation l1 = ShardTestbed.location(A, db1);
        ShardLocation l2 = ShardTestbed.location(B, db2);
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("pitr"), Long.class);
        Shard s1 = map.createShard(l1);
        Shard s2 = map.createShard(l2);
        RangeMapping<Long> x1 = map.createRangeMapping(Range.of(0L, 100L), s1);
        RangeMapping<Long> x2 = map.createRangeMapping(Range.of(100L, 200L), s1);
        map.createRangeMapping(Range.of(200L, 300L), s2);
        ShardTestbed.exec(l1.primaryJdbcUrl(), Workload.DDL);
        ShardTestbed.exec(l2.primaryJdbcUrl(), Workload.DDL);
        insert(l1.primaryJdbcUrl(), 10, 150);
        insert(l2.primaryJdbcUrl(), 250);

        // the backup: a copy of shard 1's database as it is now
        String backup = RecoveryManagerTest.copyDatabase(A, l1.primaryJdbcUrl(), "pitr_backup");

        // later changes: [100,200) moves to shard 2 with its row, [300,400) is added on shard 1, [0,100) goes offline and back
        RangeMapping<Long> x2off = map.markMappingOffline(x2);
        map.deleteMapping(x2off);
        map.createRangeMapping(Range.of(100L, 200L), s2);
        insert(l2.primaryJdbcUrl(), 150);
        ShardTestbed.exec(l1.primaryJdbcUrl(), "delete from orders where id = 150");
        map.createRangeMapping(Range.of(300L, 400L), s1);
        insert(l1.primaryJdbcUrl(), 350);
        map.markMappingOnline(map.markMappingOffline(x1));

        // shard 1's database is restored from the backup, at the same location
        restoreInPlace(A, db1, backup);
        List<RecoveryToken> tokens = recovery.detectMappingDifferences(l1);
        assertThat(tokens).extracting(t -> t.type() + " " + t.range().low() + "-" + t.range().high()).containsExactly(
                "CONFLICT 0-100", "CONFLICT 100-200", "GLOBAL_ONLY 300-400");
        assertThat(tokens.get(0).detail()).contains(x1.id() + " v3 ONLINE").contains(x1.id() + " v1 ONLINE");
        assertThat(recovery.detectMappingDifferences(l2)).isEmpty(); // shard 2 agrees with the GSM so far

        recovery.resolveAll(l1, MappingDifferenceResolution.KEEP_SHARD_MAPPING);
        assertThat(recovery.detectMappingDifferences(l1)).isEmpty();
        assertThat(recovery.detectMappingDifferences(l2)).isEmpty(); // shard 2's local map gave [100,200) back too
        assertThat(map.mappings()).extracting(m -> m.range().low() + "-" + m.range().high() + "@"
                + (m.shard().equals(s1) ? "1" : "2")).containsExactly("0-100@1", "100-200@1", "200-300@2");

        // routing now agrees with the data that is there
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(2).connectionTimeout(Duration.ofSeconds(5))).build()) {
            assertThat(readThrough(sds, map.name(), 150)).isEqualTo(db1 + ":1");
            assertThat(readThrough(sds, map.name(), 10)).isEqualTo(db1 + ":1");
            assertThat(readThrough(sds, map.name(), 250)).isEqualTo(db2 + ":1");
            assertThatThrownBy(() -> readThrough(sds, map.name(), 350)).hasMessageContaining("has no mapping");
        }
        // shard 2 still holds row 150, now outside its mappings: reported, not deleted
        assertThat(recovery.countOrphanedRows(l2, map.name(), "public.orders", "id")).isEqualTo(1);
        assertThat(recovery.countOrphanedRows(l1, map.name(), "orders", "id")).isZero();
        insert(l1.primaryJdbcUrl(), 5000);
        assertThat(recovery.countOrphanedRows(l1, map.name(), "orders", "id")).isEqualTo(1);
        assertThat(Workload.ids(l2.primaryJdbcUrl())).contains(150L);
        assertThatThrownBy(() -> recovery.countOrphanedRows(l1, map.name(), "orders; drop table orders", "id"))
                .hasMessageContaining("plain SQL identifier");
    }

    /** Replaces database {@code db} by a copy of {@code backup} under the same name (what a restore leaves). */
    static void restoreInPlace(io.cqrsrouting.testkit.PostgresReplicaSet set, String db, String backup) throws SQLException {
        String admin = set.primaryJdbcUrl("postgres");
        ShardTestbed.exec(admin, "drop database " + db + " with (force)");
        ShardTestbed.exec(admin, "alter database " + backup + " rename to " + db);
        set.awaitReplay(0, Duration.ofSeconds(20));
    }

    @Test
    void aDroppedShardIsDetachedAndItsKeysFailWithNoMappingNeverElsewhere() throws SQLException {
        String db1 = ShardTestbed.newDatabase(A, "drop_1");
        String db2 = ShardTestbed.newDatabase(B, "drop_2");
        ShardLocation l1 = ShardTestbed.location(A, db1);
        ShardLocation l2 = ShardTestbed.location(B, db2);
        ListShardMap<Long> map = smm.createListShardMap(ShardTestbed.uniqueName("dropped"), Long.class);
        Shard s1 = map.createShard(l1);
        Shard s2 = map.createShard(l2);
        map.createPointMapping(1L, s1);
        map.createPointMapping(2L, s2);
        ShardTestbed.exec(l1.primaryJdbcUrl(), Workload.DDL);
        ShardTestbed.exec(l2.primaryJdbcUrl(), Workload.DDL);
        insert(l1.primaryJdbcUrl(), 1);
        insert(l2.primaryJdbcUrl(), 2);

        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(2).connectionTimeout(Duration.ofSeconds(3))).build()) {
            assertThat(readThrough(sds, map.name(), 2)).isEqualTo(db2 + ":1");
            ShardTestbed.exec(B.primaryJdbcUrl("postgres"), "drop database " + db2 + " with (force)");
            recovery.detachShard(l2);
            assertThat(map.shards()).containsExactly(s1);

            // a client that still has the dropped shard cached fails; it never reaches shard 1
            long routedTo1 = sds.stats().perShard().getOrDefault(s1.id(), 0L);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> readThrough(sds, map.name(), 2)).isInstanceOf(Exception.class);
            }
            sds.refresh();
            assertThatThrownBy(() -> readThrough(sds, map.name(), 2)).isInstanceOf(ShardMapException.class)
                    .hasMessageContaining("has no mapping for the given Long key").hasMessageNotContaining(" 2 ");
            assertThat(sds.stats().perShard().getOrDefault(s1.id(), 0L)).isEqualTo(routedTo1);
            assertThat(readThrough(sds, map.name(), 1)).isEqualTo(db1 + ":1");
        }
        assertThat(Workload.ids(l1.primaryJdbcUrl())).containsExactly(1L);
        assertThatThrownBy(() -> map.getMappingForKey(2L)).hasMessageContaining("has no mapping");
    }
}
