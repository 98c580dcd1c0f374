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
import io.cqrsrouting.shard.internal.mover.Steps;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mover is killed at every step of a split (after the step's work, before and after it is
 * persisted; a hook throws an Error that nothing catches, so the run stops there and its sessions
 * close, as when the process dies). A new mover resumes the move by id: it completes with every
 * row on exactly one shard, the right one, and the maps agree. Cancel before the switch leaves
 * the source in charge.
 */
class MoverCrashTest {

    static DataSource gsm;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    static ShardMover mover(String map, MoveHook hook) {
        return ShardMover.builder().manager(smm).map(map).schema(LONG_SCHEMA).batchSize(40)
                .drainTimeout(Duration.ofSeconds(2)).stepHook(hook).build();
    }

    static Stream<Arguments> killPoints() {
        return Stream.of(Steps.NEXT, Steps.PLANNED, Steps.OFFLINE, Steps.FENCED, Steps.COPIED, Steps.SWITCHED,
                Steps.COALESCE, Steps.DONE).flatMap(s -> Stream.of(Arguments.of(s, false), Arguments.of(s, true)));
    }

    @ParameterizedTest(name = "killed at {0}, persisted={1}")
    @MethodSource("killPoints")
    void aSplitKilledAtAnyStepIsCompletedByResume(String step, boolean persisted) throws Exception {
        String src = MoveFixture.shardDb(A, "kc_src", "bigint");
        String dst = MoveFixture.shardDb(B, "kc_dst", "bigint");
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("kill"), Long.class);
        map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, src)));
        MoveFixture.seed(A.primaryJdbcUrl(src), longs(0, 1000, 10));
        Map<String, String> before = rows(A.primaryJdbcUrl(src));

        MoveOperation dying = mover(map.name(), MoveFixture.killAt(step, persisted))
                .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        assertThatThrownBy(() -> dying.await(Duration.ofSeconds(60))).isInstanceOf(MoveFixture.Killed.class);

        MoveStatus st = mover(map.name(), MoveHook.NONE).resume(dying.id()).await(Duration.ofSeconds(60));

        assertThat(st.state()).isEqualTo(MoveState.COMPLETED);
        Map<String, String> left = rows(A.primaryJdbcUrl(src));
        Map<String, String> right = rows(B.primaryJdbcUrl(dst));
        assertThat(left.keySet()).allMatch(k -> Long.parseLong(k) < 500).hasSize(50);
        assertThat(right.keySet()).allMatch(k -> Long.parseLong(k) >= 500).hasSize(50);
        Map<String, String> all = new HashMap<>(left);
        all.putAll(right);
        assertThat(all).isEqualTo(before);
        assertThat(map.mappings()).extracting(RangeMapping::range).containsExactly(Range.of(0L, 500L), Range.of(500L, 1000L));
        assertThat(map.mappings()).allMatch(m -> m.status() == MappingStatus.ONLINE);
        assertThat(map.getMappingForKey(500L).shard().location()).isEqualTo(ShardTestbed.location(B, dst));
        assertThat(ShardMapManagerTest.lsm(A.primaryJdbcUrl(src), map).split(",")).hasSize(1);
        assertThat(ShardMapManagerTest.lsm(B.primaryJdbcUrl(dst), map).split(",")).hasSize(1);
    }

    @Test
    void cancelBeforeTheSwitchLeavesTheSourceInCharge() throws Exception {
        String src = MoveFixture.shardDb(A, "cc_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cc_dst", "bigint");
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("cancel"), Long.class);
        Shard s1 = map.createShard(ShardTestbed.location(A, src));
        map.createRangeMapping(Range.of(0L, 1000L), s1);
        MoveFixture.seed(A.primaryJdbcUrl(src), longs(0, 1000, 10));
        Map<String, String> before = rows(A.primaryJdbcUrl(src));
        MoveFixture.Pause pause = new MoveFixture.Pause(Steps.COPIED);

        MoveOperation op = mover(map.name(), pause).split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        pause.awaitReached();
        // the first batch sits copied on the target, its mapping offline and fenced on the source
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.customers")).isEqualTo(40);
        assertThat(op.status().step()).isEqualTo(Steps.COPIED);
        assertThat(op.status().percent()).isBetween(1, 99);
        assertThat(op.cancel()).isTrue();
        pause.release();
        MoveStatus st = op.await(Duration.ofSeconds(60));

        assertThat(st.state()).isEqualTo(MoveState.CANCELLED);
        assertThat(rows(A.primaryJdbcUrl(src))).isEqualTo(before);
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.customers")).isZero();
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.orders")).isZero();
        assertThat(map.mappings()).singleElement().satisfies(m -> {
            assertThat(m.range()).isEqualTo(Range.of(0L, 1000L));
            assertThat(m.shard()).isEqualTo(s1);
            assertThat(m.status()).isEqualTo(MappingStatus.ONLINE);
        });
        // the fence is lowered: the source takes writes to the whole range again
        MoveFixture.exec(A.primaryJdbcUrl(src), "insert into app.customers values (501, 'after cancel')");
        assertThat(op.cancel()).isFalse();
        // and a new move of the map may start
        assertThat(mover(map.name(), MoveHook.NONE).move(5L, ShardTestbed.location(B, dst)).await(Duration.ofSeconds(60))
                .state()).isEqualTo(MoveState.COMPLETED);
    }

    @Test
    void aSecondMoveOfTheMapWaitsForTheUnfinishedOne() throws Exception {
        String src = MoveFixture.shardDb(A, "cw_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cw_dst", "bigint");
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("twice"), Long.class);
        map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, src)));
        MoveFixture.seed(A.primaryJdbcUrl(src), longs(0, 1000, 100));
        MoveOperation dying = mover(map.name(), MoveFixture.killAt(Steps.FENCED, true))
                .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        assertThatThrownBy(() -> dying.await(Duration.ofSeconds(60))).isInstanceOf(MoveFixture.Killed.class);
        assertThatThrownBy(() -> mover(map.name(), MoveHook.NONE).move(5L, ShardTestbed.location(B, dst)))
                .isInstanceOf(ShardMoveException.class).hasMessageContaining("unfinished move " + dying.id());
        // cancel of a move nobody runs is carried out by resume
        assertThat(dying.cancel()).isTrue();
        assertThat(mover(map.name(), MoveHook.NONE).resume(dying.id()).await(Duration.ofSeconds(60)).state())
                .isEqualTo(MoveState.CANCELLED);
        assertThat(count(A.primaryJdbcUrl(src), "select count(*) from app.customers")).isEqualTo(10);
        assertThat(map.mappings()).hasSize(1);
    }
}
