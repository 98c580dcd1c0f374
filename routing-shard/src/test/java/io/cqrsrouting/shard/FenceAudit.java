package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.mover.MoveHook;
import io.cqrsrouting.shard.internal.mover.Steps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mover hook that checks the write fence with commit timestamps (the shard sets run with
 * {@code track_commit_timestamp}): when a batch's fence has drained it notes the source's clock;
 * when the batch has switched (its rows still on the source, about to be deleted) it reads
 * {@code pg_xact_commit_timestamp(xmin)} of every source row of the batch — the keys the target
 * now owns — and records each row committed after that moment. Schema of {@link MoveFixture}.
 */
final class FenceAudit implements MoveHook {

    private static final String[][] TABLES = {{"app.customers", "id"}, {"app.orders", "customer_id"}};

    private final RangeShardMap<Long> map;
    private final String sourceUrl;
    private final String targetUrl;
    private volatile String drainedAt;
    final Queue<String> lateCommits = new ConcurrentLinkedQueue<>();
    final AtomicInteger batches = new AtomicInteger();
    final AtomicLong rowsChecked = new AtomicLong();
    final AtomicLong rowsWithoutTimestamp = new AtomicLong();

    FenceAudit(RangeShardMap<Long> map, String sourceUrl, String targetUrl) {
        this.map = map;
        this.sourceUrl = sourceUrl;
        this.targetUrl = targetUrl;
    }

    @Override
    public void reached(String step, boolean persisted) {
        try {
            if (step.equals(Steps.FENCED) && !persisted) {
                // the FENCED step's work is done: fence committed, older transactions drained
                drainedAt = ShardTestbed.one(sourceUrl, "select clock_timestamp()::text");
            } else if (step.equals(Steps.SWITCHED) && persisted) {
                check();
            }
        } catch (SQLException | RuntimeException e) {
            lateCommits.add("audit failed at " + step + ": " + e);
        }
    }

    private void check() throws SQLException {
        batches.incrementAndGet();
        try (Connection c = ShardTestbed.connect(sourceUrl)) {
            for (RangeMapping<Long> r : map.mappings()) {
                if (!r.shard().location().primaryJdbcUrl().equals(targetUrl)) {
                    continue;
                }
                for (String[] t : TABLES) {
                    String sql = "select count(*), count(*) filter (where pg_xact_commit_timestamp(xmin) is null),"
                            + " count(*) filter (where pg_xact_commit_timestamp(xmin) > ?::timestamptz) from " + t[0]
                            + " where " + t[1] + " >= ?" + (r.range().high() == null ? "" : " and " + t[1] + " < ?");
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, drainedAt);
                        ps.setLong(2, r.range().low());
                        if (r.range().high() != null) {
                            ps.setLong(3, r.range().high());
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            rowsChecked.addAndGet(rs.getLong(1));
                            rowsWithoutTimestamp.addAndGet(rs.getLong(2));
                            if (rs.getLong(3) > 0) {
                                lateCommits.add(rs.getLong(3) + " row(s) of " + t[0] + " in " + r.range()
                                        + " committed on the source after the fence drained at " + drainedAt);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Every batch was checked, on rows that carry commit timestamps, and none committed after its fence. */
    void assertNoCommitAfterTheFence() {
        assertThat(batches.get()).as("batches audited").isPositive();
        assertThat(rowsChecked.get()).as("source rows of switched batches audited").isPositive();
        assertThat(rowsWithoutTimestamp.get()).as("rows without a commit timestamp").isZero();
        assertThat(lateCommits).as("writes committed on the source after the fence").isEmpty();
    }
}
