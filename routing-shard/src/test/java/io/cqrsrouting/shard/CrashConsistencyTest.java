package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.shard.internal.StepHook;
import io.cqrsrouting.shard.internal.StepHook.Step;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A manager dies between the GSM and LSM writes of a change (a step hook throws an Error, which
 * nothing in the store catches: the operation stops there, its sessions are closed and its lock
 * released, as when the process is killed). The next manager start, or the next change of the
 * same map, completes the change: afterwards GSM and LSM agree and the operations log is empty.
 */
class CrashConsistencyTest {

    static DataSource gsm;
    static String dbA;
    static String dbB;

    static final class Killed extends Error {
        Killed() {
            super("killed by the test");
        }
    }

    /** Kills the manager the first time {@code kind} reaches {@code step}. */
    static StepHook killAt(String kind, Step step) {
        AtomicBoolean armed = new AtomicBoolean(true);
        return (k, s) -> {
            if (k.equals(kind) && s == step && armed.getAndSet(false)) {
                throw new Killed();
            }
        };
    }

    static ShardMapManager manager(StepHook hook) {
        return ShardMapManager.builder().globalMap(gsm).credentials(A.username(), A.password()).stepHook(hook).build();
    }

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        dbA = ShardTestbed.newDatabase(A, "crash_a");
        dbB = ShardTestbed.newDatabase(B, "crash_b");
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void markOfflineKilledMidwayIsCompletedByTheNextStart(Step step) throws SQLException {
        String name = ShardTestbed.uniqueName("crash_status");
        RangeShardMap<Long> map = manager(StepHook.NONE).createRangeShardMap(name, Long.class);
        Shard s = map.createShard(ShardTestbed.location(B, dbB));
        RangeMapping<Long> m = map.createRangeMapping(Range.of(0L, 50L), s);

        RangeShardMap<Long> dying = manager(killAt("SET_STATUS", step)).getRangeShardMap(name, Long.class);
        assertThatThrownBy(() -> dying.markMappingOffline(m)).isInstanceOf(Killed.class);
        assertThat(ShardMapManagerTest.gsmOps(gsm)).isEqualTo("1");
        // half done: the GSM still says ONLINE v1; the LSM is v1 (killed before it) or OFFLINE v2
        assertThat(map.getMappingForKey(1L).version()).isEqualTo(1);
        assertThat(ShardMapManagerTest.lsm(B.primaryJdbcUrl(dbB), map))
                .isEqualTo(m.id() + (step == Step.LOGGED ? ":ONLINE:1" : ":OFFLINE:2"));

        RangeShardMap<Long> after = manager(StepHook.NONE).getRangeShardMap(name, Long.class);
        assertThat(ShardMapManagerTest.gsmOps(gsm)).isEqualTo("0");
        RangeMapping<Long> now = after.getMappingForKey(1L);
        assertThat(now.status()).isEqualTo(MappingStatus.OFFLINE);
        assertThat(now.version()).isEqualTo(2);
        assertThat(ShardMapManagerTest.lsm(B.primaryJdbcUrl(dbB), map)).isEqualTo(m.id() + ":OFFLINE:2");
        // and the completed change is not applied twice by a later start
        manager(StepHook.NONE).close();
        assertThat(after.getMappingForKey(1L).version()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void addMappingKilledMidwayIsCompletedByTheNextChangeOfTheMap(Step step) throws SQLException {
        ShardMapManager healthy = manager(StepHook.NONE);
        String name = ShardTestbed.uniqueName("crash_add");
        RangeShardMap<Integer> map = healthy.createRangeShardMap(name, Integer.class);
        Shard s = map.createShard(ShardTestbed.location(A, dbA));

        RangeShardMap<Integer> dying = manager(killAt("ADD_MAPPING", step)).getRangeShardMap(name, Integer.class);
        assertThatThrownBy(() -> dying.createRangeMapping(Range.of(10, 20), s)).isInstanceOf(Killed.class);
        assertThat(map.mappings()).isEmpty();

        // the next change of the map, by the still-running healthy manager, first completes the logged one
        map.createRangeMapping(Range.of(20, 30), s);
        assertThat(map.mappings()).extracting(mm -> mm.range()).containsExactly(Range.of(10, 20), Range.of(20, 30));
        assertThat(ShardMapManagerTest.lsm(A.primaryJdbcUrl(dbA), map).split(",")).hasSize(2);
        assertThat(ShardMapManagerTest.gsmOps(gsm)).isEqualTo("0");
        // the completed range counts for overlap checks
        assertThatThrownBy(() -> map.createRangeMapping(Range.of(15, 16), s)).hasMessageContaining("overlaps");
    }

    @Test
    void addShardKilledBeforeItsLsmExistsIsCompletedByTheNextStart() throws SQLException {
        String name = ShardTestbed.uniqueName("crash_shard");
        manager(StepHook.NONE).createListShardMap(name, String.class);
        String db = ShardTestbed.newDatabase(B, "crash_new");
        ListShardMap<String> dying = manager(killAt("ADD_SHARD", Step.LOGGED)).getListShardMap(name, String.class);
        assertThatThrownBy(() -> dying.createShard(ShardTestbed.location(B, db))).isInstanceOf(Killed.class);
        assertThat(dying.shards()).isEmpty();
        assertThat(ShardTestbed.one(B.primaryJdbcUrl(db), "select to_regclass('cqrs_shard_lsm.shards') is null")).isEqualTo("t");

        ListShardMap<String> after = manager(StepHook.NONE).getListShardMap(name, String.class);
        assertThat(after.shards()).extracting(Shard::location).containsExactly(ShardTestbed.location(B, db));
        assertThat(ShardTestbed.one(B.primaryJdbcUrl(db), "select map_name from cqrs_shard_lsm.shards")).isEqualTo(name);
    }
}
