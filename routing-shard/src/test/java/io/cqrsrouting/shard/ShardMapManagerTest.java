package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GSM and LSMs on two real replica sets: schema, maps, shards, mappings, status, deletion. */
class ShardMapManagerTest {

    static DataSource gsm;
    static ShardMapManager smm;
    static String dbA;
    static String dbB;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
        dbA = ShardTestbed.newDatabase(A, "smm_a");
        dbB = ShardTestbed.newDatabase(B, "smm_b");
    }

    @Test
    void schemaCreationIsIdempotentAlsoConcurrently() throws Exception {
        List<CompletableFuture<ShardMapManager>> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            starts.add(CompletableFuture.supplyAsync(() -> ShardTestbed.manager(gsm)));
        }
        for (CompletableFuture<ShardMapManager> f : starts) {
            f.get().close();
        }
        try (var c = gsm.getConnection()) {
            assertThat(ShardTestbed.one(c, "select count(*) from information_schema.tables where table_schema = 'cqrs_shard_gsm'"))
                    .isEqualTo("5");
        }
    }

    @Test
    void rangeMappingsLandInTheGsmAndInTheShardsLsmAndRouteByKey() throws SQLException {
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("orders"), Long.class);
        Shard s1 = map.createShard(ShardTestbed.location(A, dbA));
        Shard s2 = map.createShard(ShardTestbed.location(B, dbB));
        RangeMapping<Long> low = map.createRangeMapping(Range.of(-100L, 100L), s1);
        RangeMapping<Long> high = map.createRangeMapping(Range.from(100L), s2);

        assertThat(map.shards()).containsExactlyInAnyOrder(s1, s2);
        assertThat(map.mappings()).extracting(ShardMapping::id).containsExactly(low.id(), high.id());
        assertThat(map.getMappingForKey(-100L).shard()).isEqualTo(s1);
        assertThat(map.getMappingForKey(99L).shard()).isEqualTo(s1);
        assertThat(map.getMappingForKey(100L).shard()).isEqualTo(s2);
        assertThat(map.getMappingForKey(Long.MAX_VALUE).shard()).isEqualTo(s2);
        assertThat(map.getMappingForKey(100L).range()).isEqualTo(Range.from(100L));
        assertThatThrownBy(() -> map.getMappingForKey(-101L)).isInstanceOf(ShardMapException.class)
                .hasMessageContaining(map.name()).hasMessageContaining("Long").hasMessageNotContaining("101");

        // each shard's local map holds exactly its own mappings, also on its standby
        assertThat(lsm(A.primaryJdbcUrl(dbA), map)).isEqualTo(low.id() + ":ONLINE:1");
        assertThat(lsm(B.primaryJdbcUrl(dbB), map)).isEqualTo(high.id() + ":ONLINE:1");
        B.awaitReplay(0, Duration.ofSeconds(10));
        assertThat(lsm(B.standbyJdbcUrl(0, dbB), map)).isEqualTo(high.id() + ":ONLINE:1");
    }

    @Test
    void overlappingRangesAreRefusedNamingMapAndTypeNotKey() {
        RangeShardMap<Integer> map = smm.createRangeShardMap(ShardTestbed.uniqueName("ranges"), Integer.class);
        Shard s = map.createShard(ShardTestbed.location(A, dbA));
        map.createRangeMapping(Range.of(1000, 2000), s);
        map.createRangeMapping(Range.of(2000, 3000), s); // adjacent is fine: half-open
        for (Range<Integer> bad : List.of(Range.of(1999, 2001), Range.of(500, 1001), Range.of(1500, 1600),
                Range.from(2999), Range.of(0, 987654))) {
            assertThatThrownBy(() -> map.createRangeMapping(bad, s)).isInstanceOf(ShardMapException.class)
                    .hasMessageContaining(map.name()).hasMessageContaining("overlaps").hasMessageContaining("Integer")
                    .hasMessageNotContaining("987654").hasMessageNotContaining("1999");
        }
        assertThatThrownBy(() -> map.createRangeMapping(Range.of(5000, 5000), s))
                .hasMessageContaining("low must be below its high");
        assertThat(map.mappings()).hasSize(2);
    }

    @Test
    void listMapsRefuseDuplicatePointsOfEveryKeyType() {
        ListShardMap<String> tenants = smm.createListShardMap(ShardTestbed.uniqueName("tenants"), String.class);
        Shard s = tenants.createShard(ShardTestbed.location(B, dbB));
        tenants.createPointMapping("acme", s);
        tenants.createPointMapping("acme2", s);
        tenants.createPointMapping("", s);
        assertThatThrownBy(() -> tenants.createPointMapping("acme", s)).isInstanceOf(ShardMapException.class)
                .hasMessageContaining(tenants.name()).hasMessageContaining("String").hasMessageContaining("mapped already")
                .hasMessageNotContaining("acme");
        assertThat(tenants.getMappingForKey("acme2").key()).isEqualTo("acme2");
        assertThat(tenants.getMappingForKey("").key()).isEmpty();
        assertThatThrownBy(() -> tenants.getMappingForKey("acm")).hasMessageContaining("no mapping");

        ListShardMap<UUID> byUuid = smm.createListShardMap(ShardTestbed.uniqueName("uuids"), UUID.class);
        Shard u = byUuid.createShard(ShardTestbed.location(A, dbA));
        UUID id = UUID.randomUUID();
        byUuid.createPointMapping(id, u);
        assertThat(byUuid.getMappingForKey(id).shard()).isEqualTo(u);
        assertThatThrownBy(() -> byUuid.createPointMapping(id, u)).hasMessageContaining("mapped already");

        ListShardMap<byte[]> bin = smm.createListShardMap(ShardTestbed.uniqueName("bin"), byte[].class);
        Shard b = bin.createShard(ShardTestbed.location(A, dbA));
        bin.createPointMapping(new byte[] {1, 2}, b);
        bin.createPointMapping(new byte[] {1, 2, 0}, b); // not a duplicate of {1, 2}
        assertThatThrownBy(() -> bin.createPointMapping(new byte[] {1, 2}, b)).hasMessageContaining("mapped already");
        assertThat(bin.mappings()).hasSize(2);
    }

    @Test
    void statusChangesBumpTheVersionInBothMapsAndStaleCopiesAreRefused() throws SQLException {
        RangeShardMap<Integer> map = smm.createRangeShardMap(ShardTestbed.uniqueName("status"), Integer.class);
        Shard s = map.createShard(ShardTestbed.location(A, dbA));
        RangeMapping<Integer> m1 = map.createRangeMapping(Range.from(0), s);
        assertThatThrownBy(() -> map.deleteMapping(m1)).isInstanceOf(ShardMapException.class)
                .hasMessageContaining("only an OFFLINE mapping can be deleted");

        RangeMapping<Integer> m2 = map.markMappingOffline(m1);
        assertThat(m2.status()).isEqualTo(MappingStatus.OFFLINE);
        assertThat(m2.version()).isEqualTo(2);
        assertThat(map.getMappingForKey(7).version()).isEqualTo(2);
        assertThat(lsm(A.primaryJdbcUrl(dbA), map)).isEqualTo(m1.id() + ":OFFLINE:2");

        assertThatThrownBy(() -> map.markMappingOnline(m1)).isInstanceOf(ShardMapException.class)
                .hasMessageContaining("changed since it was read");
        RangeMapping<Integer> m3 = map.markMappingOnline(m2);
        assertThat(m3.version()).isEqualTo(3);
        assertThat(lsm(A.primaryJdbcUrl(dbA), map)).isEqualTo(m1.id() + ":ONLINE:3");

        map.deleteMapping(map.markMappingOffline(m3));
        assertThat(map.mappings()).isEmpty();
        assertThat(lsm(A.primaryJdbcUrl(dbA), map)).isEmpty();
        map.createRangeMapping(Range.from(0), s); // the range is free again
    }

    @Test
    void wrongNamesTypesAndKeysFailClearly() {
        String name = ShardTestbed.uniqueName("typed");
        RangeShardMap<Long> map = smm.createRangeShardMap(name, Long.class);
        assertThatThrownBy(() -> smm.createListShardMap(name, Long.class)).hasMessageContaining("exists already as a RANGE map");
        assertThatThrownBy(() -> smm.getRangeShardMap(name, String.class)).isInstanceOf(ShardMapException.class)
                .hasMessageContaining("RANGE map of Long keys, not a RANGE map of String keys");
        assertThatThrownBy(() -> smm.getListShardMap("no_such_map", Long.class)).hasMessageContaining("no shard map named no_such_map");
        assertThatThrownBy(() -> smm.createRangeShardMap("doubles", Double.class)).hasMessageContaining("unsupported shard key type");
        @SuppressWarnings({"unchecked", "rawtypes"})
        RangeShardMap<Object> raw = (RangeShardMap) map;
        assertThatThrownBy(() -> raw.getMappingForKey("secret-key-value")).isInstanceOf(ShardMapException.class)
                .hasMessageContaining("takes Long keys, not String").hasMessageNotContaining("secret-key-value");
        map.createShard(ShardLocation.of(A.primaryJdbcUrl(dbA)));
        assertThatThrownBy(() -> map.createShard(ShardLocation.of(A.primaryJdbcUrl(dbA))))
                .hasMessageContaining("already has a shard at");
        assertThatThrownBy(() -> ShardLocation.of(A.primaryJdbcUrl(dbA) + "?password=x"))
                .hasMessageContaining("must not carry a password").hasMessageNotContaining("password=x");
        assertThat(smm.getRangeShardMap(name, Long.class).shards()).hasSize(1);
    }

    /** The LSM rows of {@code map} in a shard database: "id:STATUS:version", comma-separated. */
    static String lsm(String url, ShardMap<?, ?> map) throws SQLException {
        String s = ShardTestbed.one(url, "select coalesce(string_agg(m.mapping_id || ':' || m.status || ':' || m.version, ','"
                + " order by m.low), '') from cqrs_shard_lsm.mappings m join cqrs_shard_lsm.shards s using (map_id, shard_id)"
                + " where s.map_name = '" + map.name() + "'");
        return s;
    }

    static String gsmOps(DataSource gsm) throws SQLException {
        try (var c = gsm.getConnection()) {
            return ShardTestbed.one(c, "select count(*) from cqrs_shard_gsm.operations");
        }
    }

    static List<String> ids(List<? extends ShardMapping<?>> ms) {
        return ms.stream().map(m -> m.id() + ":" + m.status() + ":" + m.version()).collect(Collectors.toList());
    }
}
