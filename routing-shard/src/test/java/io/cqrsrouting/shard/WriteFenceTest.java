package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.count;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.shard.internal.mover.Steps;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 9.3.2 on a real source database: once a batch is fenced, no write to its keys commits
 * on the source, whether it comes from a transaction that wrote before the fence (drained: its
 * session is terminated, its writes roll back), a connection checked out before (refused with a
 * class-40 error), or a write committed before the fence (copied, not lost). Keys outside the
 * batch stay writable on the source during the move.
 */
class WriteFenceTest {

    static DataSource gsm;
    static ShardMapManager smm;

    @BeforeAll
    static void setUp() {
        gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
    }

    @Test
    void nothingCommitsOnTheSourceForAFencedBatch() throws Exception {
        String src = MoveFixture.shardDb(A, "wf_src", "bigint");
        String dst = MoveFixture.shardDb(B, "wf_dst", "bigint");
        String srcUrl = A.primaryJdbcUrl(src);
        RangeShardMap<Long> map = smm.createRangeShardMap(ShardTestbed.uniqueName("fence"), Long.class);
        map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, src)));
        MoveFixture.seed(srcUrl, longs(0, 1000, 50));

        MoveFixture.Pause started = new MoveFixture.Pause(Steps.NEXT);
        MoveFixture.Pause fenced = new MoveFixture.Pause(Steps.FENCED);
        MoveOperation op = ShardMover.builder().manager(smm).map(map.name()).schema(LONG_SCHEMA).batchSize(1000)
                .drainTimeout(Duration.ofMillis(300)).stepHook((step, persisted) -> {
                    started.reached(step, persisted);
                    fenced.reached(step, persisted);
                }).build()
                .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        started.awaitReached();
        // the move has started (fence triggers installed), the batch is still online
        Connection inFlight = ShardTestbed.connect(srcUrl);
        inFlight.setAutoCommit(false);
        try (Statement s = inFlight.createStatement()) {
            s.executeUpdate("insert into app.customers values (777, 'in flight')");
        }
        Connection idle = ShardTestbed.connect(srcUrl); // checked out before, autocommit
        MoveFixture.exec(srcUrl, "insert into app.customers values (555, 'committed before')");
        started.release();
        fenced.awaitReached();
        assertThat(op.status().detail()).contains("1 session(s) with older transactions terminated");

        // the transaction that wrote before the fence was terminated: its commit fails, its row is gone
        assertThatThrownBy(inFlight::commit).isInstanceOf(SQLException.class);
        assertThat(count(srcUrl, "select count(*) from app.customers where id = 777")).isZero();
        // a connection checked out before the fence cannot write to the batch's keys...
        try (Statement s = idle.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("insert into app.customers values (601, 'late')"))
                    .isInstanceOf(SQLException.class).hasFieldOrPropertyWithValue("SQLState", "40CQ1");
            assertThat(s.executeUpdate("update app.customers set name = 'moved' where id = 400")).isEqualTo(1);
            assertThatThrownBy(() -> s.executeUpdate("update app.customers set id = 651 where id = 450"))
                    .hasFieldOrPropertyWithValue("SQLState", "40CQ1");
            assertThatThrownBy(() -> s.executeUpdate("delete from app.orders where customer_id = 550"))
                    .hasFieldOrPropertyWithValue("SQLState", "40CQ1");
            // ...while the rest of the shard stays writable
            s.executeUpdate("insert into app.customers values (123, 'elsewhere')");
        }
        fenced.release();
        assertThat(op.await(Duration.ofSeconds(60)).state()).isEqualTo(MoveState.COMPLETED);
        idle.close();
        inFlight.close();

        String dstUrl = B.primaryJdbcUrl(dst);
        assertThat(count(dstUrl, "select count(*) from app.customers where id = 555")).isEqualTo(1);
        assertThat(ShardTestbed.one(dstUrl, "select coalesce(string_agg(id::text, ','), 'none') from app.customers where id in (601, 651, 777)")).isEqualTo("none");
        assertThat(count(dstUrl, "select count(*) from app.orders where customer_id = 550")).isEqualTo(2);
        assertThat(count(srcUrl, "select count(*) from app.customers where id >= 500")).isZero();
        assertThat(count(srcUrl, "select count(*) from app.customers where id = 123")).isEqualTo(1);
        assertThat(count(srcUrl, "select count(*) from app.customers where id = 400 and name = 'moved'")).isEqualTo(1);
    }
}
