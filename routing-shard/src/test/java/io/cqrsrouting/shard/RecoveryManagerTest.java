package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.shard.internal.KeyType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recovery manager on two real replica sets: detach and attach, detection of every kind of
 * difference with the exact sub-ranges, stale tokens, and the three resolutions. Differences are
 * made the way they arise in production: by changing one side only (a restored or half-repaired
 * local shard map is just other rows in the shard database).
 */
class RecoveryManagerTest {

    static DataSource gsm;
    static ShardMapManager smm;
    static RecoveryManager recovery;
    static final List<RecoveryEvent> EVENTS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
        recovery = smm.recoveryManager().withListener(new RecoveryListener() {
            @Override
            public void repaired(RecoveryEvent event) {
                EVENTS.add(event);
            }
        });
    }

    record Setup(RangeShardMap<Long> map, Shard a, Shard b, ShardLocation la, ShardLocation lb) {
    }

    /** A map with shard a = [0,100) and [100,200), shard b = [200,300) and [300, +inf). */
    static Setup fresh(String prefix) {
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName(prefix), Long.class);
        ShardLocation la = ShardTestbed.location(A, ShardTestbed.newDatabase(A, prefix + "_a"));
        ShardLocation lb = ShardTestbed.location(B, ShardTestbed.newDatabase(B, prefix + "_b"));
        Shard a = map.createShard(la);
        Shard b = map.createShard(lb);
        map.createRangeMapping(Range.of(0L, 100L), a);
        map.createRangeMapping(Range.of(100L, 200L), a);
        map.createRangeMapping(Range.of(200L, 300L), b);
        map.createRangeMapping(Range.from(300L), b);
        return new Setup(map, a, b, la, lb);
    }

    @Test
    void detachRemovesTheShardFromTheGlobalMapOnlyAndAttachBringsItBack() throws SQLException {
        Setup s = fresh("rec_detach");
        List<String> before = ShardMapManagerTest.ids(s.map().mappings());
        String lsmB = ShardMapManagerTest.lsm(s.lb().primaryJdbcUrl(), s.map());

        recovery.detachShard(s.lb());
        assertThat(s.map().shards()).containsExactly(s.a());
        assertThat(s.map().mappings()).extracting(m -> m.range()).containsExactly(Range.of(0L, 100L), Range.of(100L, 200L));
        assertThatThrownBy(() -> s.map().getMappingForKey(250L)).hasMessageContaining("has no mapping for the given Long key")
                .hasMessageNotContaining("250");
        // data side untouched: the LSM still holds both mappings
        assertThat(ShardMapManagerTest.lsm(s.lb().primaryJdbcUrl(), s.map())).isEqualTo(lsmB);
        // detected from the shard: its two mappings are SHARD_ONLY; attach without it is refused for keepShard
        List<RecoveryToken> tokens = recovery.detectMappingDifferences(s.lb());
        assertThat(tokens).extracting(RecoveryToken::type).containsExactly(MappingDifferenceType.SHARD_ONLY,
                MappingDifferenceType.SHARD_ONLY);
        assertThatThrownBy(() -> recovery.resolveMappingDifferences(tokens.get(0), MappingDifferenceResolution.KEEP_SHARD_MAPPING))
                .hasMessageContaining("attachShard it first");

        recovery.attachShard(s.lb());
        assertThat(ShardMapManagerTest.ids(s.map().mappings())).isEqualTo(before);
        assertThat(s.map().getMappingForKey(250L).shard().location()).isEqualTo(s.lb());
        assertThat(recovery.detectMappingDifferences(s.lb())).isEmpty();
        // attach again: nothing changes; detach of an unknown location is a clear error
        recovery.attachShard(s.lb());
        assertThat(ShardMapManagerTest.ids(s.map().mappings())).isEqualTo(before);
        assertThatThrownBy(() -> recovery.detachShard(ShardLocation.of(s.lb().primaryJdbcUrl() + "x")))
                .hasMessageContaining("nothing to detach");
        assertThat(EVENTS).extracting(RecoveryEvent::operation).contains("DETACH", "ATTACH", "DETECT");
    }

    @Test
    void attachRefusesAShardRegisteredElsewhere() {
        Setup s = fresh("rec_elsewhere");
        // a copy of shard a's database at another URL claims to be shard a
        String copy = copyDatabase(A, s.la().primaryJdbcUrl(), "rec_copy");
        assertThatThrownBy(() -> recovery.attachShard(ShardLocation.of(A.primaryJdbcUrl(copy))))
                .hasMessageContaining("has this shard at " + s.la().primaryJdbcUrl())
                .hasMessageContaining("failover");
        assertThatThrownBy(() -> recovery.attachShard(ShardLocation.of(A.primaryJdbcUrl(ShardTestbed.newDatabase(A, "empty")))))
                .hasMessageContaining("has no local shard map");
    }

    @Test
    void detectReportsEverySubRangeThatDiffers() throws SQLException {
        Setup s = fresh("rec_detect");
        String urlA = s.la().primaryJdbcUrl();
        List<RangeMapping<Long>> ms = s.map().mappings();
        assertThat(recovery.detectMappingDifferences(s.la())).isEmpty();
        // LSM of a: [0,100) at another version and OFFLINE, [100,200) gone, [150,250) new (overlaps b's [200,300)),
        // [500,600) new inside b's [300,+inf)... and [1000, 1100) from nowhere
        lsmExec(urlA, "update cqrs_shard_lsm.mappings set status = 'OFFLINE', version = 7 where mapping_id = '"
                + ms.get(0).id() + "'");
        lsmExec(urlA, "delete from cqrs_shard_lsm.mappings where mapping_id = '" + ms.get(1).id() + "'");
        UUID extra = lsmInsert(urlA, s.map(), s.a(), 150L, 250L);

        List<RecoveryToken> tokens = recovery.detectMappingDifferences(s.la());
        assertThat(tokens).extracting(t -> t.type() + " " + t.range().low() + "-" + t.range().high()).containsExactly(
                "CONFLICT 0-100", "GLOBAL_ONLY 100-150", "CONFLICT 150-200", "CONFLICT 200-250");
        assertThat(tokens.get(0).globalMappingId()).contains(ms.get(0).id());
        assertThat(tokens.get(0).shardMappingId()).contains(ms.get(0).id());
        assertThat(tokens.get(0).detail()).contains("v1 ONLINE").contains("v7 OFFLINE");
        assertThat(tokens.get(1).shardMappingId()).isEmpty();
        assertThat(tokens.get(2).globalMappingId()).contains(ms.get(1).id());
        assertThat(tokens.get(2).shardMappingId()).contains(extra);
        assertThat(tokens.get(3).globalMappingId()).contains(ms.get(2).id()); // b's mapping
        // no key value in the tokens' text (ids, the URL and the map name are random and may hold those digits)
        String text = tokens.toString().replace(urlA, "<url>").replace(s.map().name(), "<map>")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>");
        assertThat(text).doesNotContain("150").doesNotContain("250");
        // shard b sees nothing wrong in its own map
        assertThat(recovery.detectMappingDifferences(s.lb())).isEmpty();
    }

    @Test
    void aTokenIsStaleOnceEitherSideOfItsRangeChanged() throws SQLException {
        Setup s = fresh("rec_stale");
        List<RangeMapping<Long>> ms = s.map().mappings();
        lsmExec(s.la().primaryJdbcUrl(), "update cqrs_shard_lsm.mappings set version = 5");
        List<RecoveryToken> tokens = recovery.detectMappingDifferences(s.la());
        assertThat(tokens).hasSize(2);
        // the GSM side of the first range changes
        s.map().markMappingOffline(ms.get(0));
        assertThatThrownBy(() -> recovery.resolveMappingDifferences(tokens.get(0), MappingDifferenceResolution.KEEP_GLOBAL_MAPPING))
                .isInstanceOf(StaleRecoveryTokenException.class).hasMessageContaining("detect the differences again");
        // the LSM side of the second range changes
        lsmExec(s.la().primaryJdbcUrl(), "update cqrs_shard_lsm.mappings set version = 6 where mapping_id = '"
                + ms.get(1).id() + "'");
        assertThatThrownBy(() -> recovery.resolveMappingDifferences(tokens.get(1), MappingDifferenceResolution.KEEP_SHARD_MAPPING))
                .isInstanceOf(StaleRecoveryTokenException.class);
        // a fresh detection resolves
        assertThat(recovery.resolveAll(s.la(), MappingDifferenceResolution.KEEP_GLOBAL_MAPPING)).hasSize(2);
        assertThat(recovery.detectMappingDifferences(s.la())).isEmpty();
    }

    @Test
    void keepShardMappingMakesTheGlobalMapFollowTheShard() throws SQLException {
        Setup s = fresh("rec_keepshard");
        String urlA = s.la().primaryJdbcUrl();
        List<RangeMapping<Long>> ms = s.map().mappings();
        lsmExec(urlA, "update cqrs_shard_lsm.mappings set status = 'OFFLINE', version = 7 where mapping_id = '"
                + ms.get(0).id() + "'");
        lsmExec(urlA, "delete from cqrs_shard_lsm.mappings where mapping_id = '" + ms.get(1).id() + "'");
        UUID extra = lsmInsert(urlA, s.map(), s.a(), 150L, 250L);

        List<RecoveryToken> resolved = recovery.resolveAll(s.la(), MappingDifferenceResolution.KEEP_SHARD_MAPPING);
        assertThat(resolved).isNotEmpty();
        assertThat(recovery.detectMappingDifferences(s.la())).isEmpty();
        assertThat(recovery.detectMappingDifferences(s.lb())).isEmpty(); // b gave [200,250) away in both maps
        List<RangeMapping<Long>> now = s.map().mappings();
        assertThat(now).extracting(m -> m.range().low() + "-" + m.range().high() + " "
                + (m.shard().equals(s.a()) ? "a" : "b") + " " + m.status()).containsExactly(
                "0-100 a OFFLINE", "150-250 a ONLINE", "250-300 b ONLINE", "300-null b ONLINE");
        assertThat(now.get(0).id()).isEqualTo(ms.get(0).id());
        assertThat(now.get(0).version()).isEqualTo(8); // above both sides' versions: every cached copy is outdated
        assertThat(now.get(1).id()).isEqualTo(extra);
        assertThatThrownBy(() -> s.map().getMappingForKey(120L)).hasMessageContaining("has no mapping");
        assertThat(s.map().getMappingForKey(220L).shard()).isEqualTo(s.a());
    }

    @Test
    void keepGlobalMappingMakesTheShardFollowTheGlobalMapAndIgnoreWritesNothing() throws SQLException {
        Setup s = fresh("rec_keepglobal");
        String urlA = s.la().primaryJdbcUrl();
        List<RangeMapping<Long>> ms = s.map().mappings();
        String gsmBefore = ShardMapManagerTest.ids(ms).toString();
        lsmExec(urlA, "delete from cqrs_shard_lsm.mappings where mapping_id = '" + ms.get(1).id() + "'");
        lsmInsert(urlA, s.map(), s.a(), 250L, 260L);
        lsmInsert(urlA, s.map(), s.a(), 1000L, 1100L);

        List<RecoveryToken> tokens = recovery.detectMappingDifferences(s.la());
        assertThat(tokens).extracting(RecoveryToken::type).containsExactly(MappingDifferenceType.GLOBAL_ONLY,
                MappingDifferenceType.CONFLICT, MappingDifferenceType.CONFLICT);
        String lsmBefore = ShardMapManagerTest.lsm(urlA, s.map());
        for (RecoveryToken t : tokens) {
            recovery.resolveMappingDifferences(t, MappingDifferenceResolution.IGNORE);
        }
        assertThat(ShardMapManagerTest.lsm(urlA, s.map())).isEqualTo(lsmBefore);

        recovery.resolveAll(s.la(), MappingDifferenceResolution.KEEP_GLOBAL_MAPPING);
        assertThat(recovery.detectMappingDifferences(s.la())).isEmpty();
        assertThat(ShardMapManagerTest.ids(s.map().mappings()).toString()).isEqualTo(gsmBefore);
        assertThat(ShardMapManagerTest.lsm(urlA, s.map()))
                .isEqualTo(ms.get(0).id() + ":ONLINE:1," + ms.get(1).id() + ":ONLINE:1");
        assertThat(ShardMapManagerTest.gsmOps(gsm)).isEqualTo("0");
        assertThat(ShardTestbed.one(gsm.getConnection(), "select count(*) from cqrs_shard_gsm.recovery_steps")).isEqualTo("0");
    }

    @Test
    void metricsCountRepairStepsAndShowTheLastDetectedDifferences() throws SQLException {
        Setup s = fresh("rec_metrics");
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        var metrics = new io.cqrsrouting.shard.spring.RecoveryMetrics(registry);
        RecoveryManager observed = smm.recoveryManager().withListener(metrics);
        lsmExec(s.la().primaryJdbcUrl(), "update cqrs_shard_lsm.mappings set version = 9");
        assertThat(observed.detectMappingDifferences(s.la())).hasSize(2);
        assertThat(metrics.lastDetected()).containsEntry(s.la().primaryJdbcUrl(), 2);
        assertThat(registry.get("cqrs.shard.recovery.differences").tag("location", s.la().primaryJdbcUrl()).gauge().value())
                .isEqualTo(2.0);
        observed.resolveAll(s.la(), MappingDifferenceResolution.KEEP_SHARD_MAPPING);
        assertThat(metrics.lastDetected()).containsEntry(s.la().primaryJdbcUrl(), 0);
        assertThat(registry.get("cqrs.shard.recovery.steps").tag("operation", "RESOLVE").tag("map", s.map().name())
                .timer().count()).isEqualTo(2);
        assertThat(registry.getMeters().toString()).doesNotContain(A.password());
    }

    static void lsmExec(String url, String sql) throws SQLException {
        ShardTestbed.exec(url, sql);
    }

    /** Inserts an LSM row for {@code [low, high)} of {@code shard}, as a restored or half-repaired LSM would hold. */
    static UUID lsmInsert(String url, ShardMap<?, ?> map, Shard shard, long low, long high) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = ShardTestbed.connect(url); PreparedStatement ps = c.prepareStatement(
                "insert into cqrs_shard_lsm.mappings (mapping_id, map_id, shard_id, low, high, status, version)"
                        + " select ?, map_id, ?, ?, ?, 'ONLINE', 1 from cqrs_shard_lsm.shards where map_name = ?")) {
            ps.setObject(1, id);
            ps.setObject(2, shard.id());
            ps.setBytes(3, KeyType.LONG.encode(low));
            ps.setBytes(4, KeyType.LONG.encode(high));
            ps.setString(5, map.name());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        return id;
    }

    /** A copy of the database behind {@code url} on {@code set} (CREATE DATABASE ... TEMPLATE), replayed on its standby. */
    static String copyDatabase(io.cqrsrouting.testkit.PostgresReplicaSet set, String url, String prefix) {
        String source = url.substring(url.lastIndexOf('/') + 1);
        String name = ShardTestbed.uniqueName(prefix);
        try {
            // a template must have no other sessions
            ShardTestbed.exec(set.primaryJdbcUrl("postgres"), "select pg_terminate_backend(pid) from pg_stat_activity"
                    + " where datname = '" + source + "' and pid <> pg_backend_pid()");
            ShardTestbed.exec(set.primaryJdbcUrl("postgres"), "create database " + name + " template " + source);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }
}
