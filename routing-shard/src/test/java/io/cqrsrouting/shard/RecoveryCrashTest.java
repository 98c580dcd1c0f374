package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.shard.CrashConsistencyTest.Killed;
import io.cqrsrouting.shard.internal.StepHook;
import io.cqrsrouting.shard.internal.StepHook.Step;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A repair killed between its steps (logged; shard databases written, GSM not) is finished by
 * the next manager start: the maps then agree and the repair log is empty. Each case starts from
 * a real difference so that an unfinished repair would show.
 */
class RecoveryCrashTest {

    static DataSource gsm;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
    }

    static ShardMapManager manager(StepHook hook) {
        return ShardMapManager.builder().globalMap(gsm).credentials(A.username(), A.password()).stepHook(hook).build();
    }

    static String repairsLogged() throws SQLException {
        try (Connection c = gsm.getConnection()) {
            return ShardTestbed.one(c, "select count(distinct op_id) from cqrs_shard_gsm.recovery_steps");
        }
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void resolveKilledMidwayIsFinishedByTheNextStart(Step step) throws SQLException {
        String name = ShardTestbed.uniqueName("crash_resolve");
        ShardLocation loc = ShardTestbed.location(A, ShardTestbed.newDatabase(A, "crash_resolve"));
        RangeShardMap<Long> map = manager(StepHook.NONE).createRangeShardMap(name, Long.class);
        Shard s = map.createShard(loc);
        RangeMapping<Long> m = map.createRangeMapping(Range.of(0L, 100L), s);
        // the shard's local map was restored to a state where the mapping was offline at version 4
        ShardTestbed.exec(loc.primaryJdbcUrl(), "update cqrs_shard_lsm.mappings set status = 'OFFLINE', version = 4");

        RecoveryManager dying = manager(CrashConsistencyTest.killAt("RESOLVE", step)).recoveryManager();
        List<RecoveryToken> tokens = dying.detectMappingDifferences(loc);
        assertThat(tokens).hasSize(1);
        assertThatThrownBy(() -> dying.resolveMappingDifferences(tokens.get(0), MappingDifferenceResolution.KEEP_SHARD_MAPPING))
                .isInstanceOf(Killed.class);
        assertThat(repairsLogged()).isEqualTo("1");
        assertThat(map.getMappingForKey(5L).status()).isEqualTo(MappingStatus.ONLINE); // GSM not yet repaired

        RecoveryManager next = manager(StepHook.NONE).recoveryManager();
        assertThat(repairsLogged()).isEqualTo("0");
        assertThat(next.detectMappingDifferences(loc)).isEmpty();
        RangeMapping<Long> now = map.getMappingForKey(5L);
        assertThat(now.id()).isEqualTo(m.id());
        assertThat(now.status()).isEqualTo(MappingStatus.OFFLINE);
        assertThat(now.version()).isEqualTo(5);
        // the old token is stale now; a re-run of the same resolution finds nothing to do
        assertThatThrownBy(() -> next.resolveMappingDifferences(tokens.get(0), MappingDifferenceResolution.KEEP_SHARD_MAPPING))
                .isInstanceOf(StaleRecoveryTokenException.class);
        assertThat(next.resolveAll(loc, MappingDifferenceResolution.KEEP_SHARD_MAPPING)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void detachKilledMidwayIsFinishedByTheNextChangeOfTheMap(Step step) throws SQLException {
        String name = ShardTestbed.uniqueName("crash_detach");
        ShardLocation loc = ShardTestbed.location(A, ShardTestbed.newDatabase(A, "crash_detach"));
        ShardMapManager healthy = manager(StepHook.NONE);
        ListShardMap<String> map = healthy.createListShardMap(name, String.class);
        Shard s = map.createShard(loc);
        map.createPointMapping("k1", s);
        map.createPointMapping("k2", s);

        RecoveryManager dying = manager(CrashConsistencyTest.killAt("DETACH", step)).recoveryManager();
        assertThatThrownBy(() -> dying.detachShard(loc)).isInstanceOf(Killed.class);
        assertThat(map.mappings()).hasSize(2);

        // the healthy manager's next change of the map finishes the detach first
        ShardLocation other = ShardTestbed.location(A, ShardTestbed.newDatabase(A, "crash_detach_other"));
        Shard s2 = map.createShard(other);
        assertThat(map.shards()).containsExactly(s2);
        assertThat(map.mappings()).isEmpty();
        assertThat(repairsLogged()).isEqualTo("0");
        assertThat(ShardMapManagerTest.lsm(loc.primaryJdbcUrl(), map).split(",")).hasSize(2);
        // and the shard comes back whole
        healthy.recoveryManager().attachShard(loc);
        assertThat(map.mappings()).extracting(PointMapping::key).containsExactly("k1", "k2");
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void failoverKilledMidwayIsFinishedByTheNextStartAndARerunChangesNothing(Step step) throws SQLException {
        String name = ShardTestbed.uniqueName("crash_failover");
        ShardLocation old = ShardLocation.of(A.primaryJdbcUrl(ShardTestbed.newDatabase(A, "crash_fo")));
        RangeShardMap<Long> map = manager(StepHook.NONE).createRangeShardMap(name, Long.class);
        Shard s = map.createShard(old);
        RangeMapping<Long> m = map.createRangeMapping(Range.from(0L), s);
        // the geo-replica: a physical copy of the shard database (same local map) at another URL
        ShardLocation moved = ShardLocation.of(A.primaryJdbcUrl(RecoveryManagerTest.copyDatabase(A, old.primaryJdbcUrl(), "crash_fo_new")));

        RecoveryManager dying = manager(CrashConsistencyTest.killAt("FAILOVER", step)).recoveryManager();
        assertThatThrownBy(() -> dying.failover(old, moved)).isInstanceOf(Killed.class);
        assertThat(map.shards()).extracting(Shard::location).containsExactly(old);

        RecoveryManager next = manager(StepHook.NONE).recoveryManager();
        assertThat(repairsLogged()).isEqualTo("0");
        assertThat(map.shards()).extracting(Shard::location).containsExactly(moved);
        RangeMapping<Long> now = map.getMappingForKey(1L);
        assertThat(now.id()).isEqualTo(m.id());
        assertThat(now.version()).isEqualTo(3); // old primary fenced at 2, new location and GSM at 3
        assertThat(ShardMapManagerTest.lsm(old.primaryJdbcUrl(), map)).isEqualTo(m.id() + ":OFFLINE:2");
        assertThat(ShardMapManagerTest.lsm(moved.primaryJdbcUrl(), map)).isEqualTo(m.id() + ":ONLINE:3");
        assertThat(next.detectMappingDifferences(moved)).isEmpty();
        assertThat(next.failover(old, moved)).isEmpty();
        assertThat(map.getMappingForKey(1L).version()).isEqualTo(3);
        assertThat(ShardMapManagerTest.lsm(old.primaryJdbcUrl(), map)).isEqualTo(m.id() + ":OFFLINE:4"); // fenced again
        assertThat(ShardMapManagerTest.lsm(moved.primaryJdbcUrl(), map)).isEqualTo(m.id() + ":ONLINE:3");
    }
}
