package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.MappingEdits;
import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The steps of the online strategy. The whole moving range is one batch: its rows are copied and
 * then streamed to the target by logical replication while the range stays writable on the source;
 * only then is it fenced ({@link Cutover}: its mapping never goes offline), and the fenced range
 * waits just for the target to apply the source's last changes — milliseconds, not a copy. Replication
 * objects are removed right after the switch, before the source's rows are deleted, so those
 * deletes never reach the target.
 * Whatever goes wrong with replication (slot lost in a source failover, catch-up too slow), the
 * fenced range falls back to the offline copy, which is correct under the fence by itself.
 */
final class OnlineSteps {

    /** How often the fenced range polls the target for the marker: one indexed read per poll. */
    static final long POLL_NANOS = 200_000;
    /** How long the cutover's fast path waits for the marker before it leaves the fast path. */
    static final long FAST_CATCH_UP_MILLIS = 250;

    private final MoveEngine engine;
    private final MoveLinks links;
    /** Whether this run created the subscription (so it has watched it since the initial copy). */
    private boolean subscribedThisRun;
    /**
     * Whether this run created the subscription and saw it stream up to a marker (SYNCING) on the
     * connections it still holds: a failover of either shard since would have broken them and ended
     * the run. Only then does the marker alone prove the catch-up under the fence; a resumed run
     * (even one that re-synced an existing subscription: a promoted target may lack changes its slot
     * had confirmed) verifies rows.
     */
    private boolean streamedThisRun;
    /** Whether the last catch-up left the fast path. */
    private boolean left;

    /** @return whether the last {@link #catchUp} left the cutover's fast path (a late marker, or a copy) */
    boolean leftFastPath() {
        return left;
    }

    /** Runs {@code leaveFastPath} once per catch-up; @return true */
    private boolean leave(Fence.Work leaveFastPath) throws SQLException {
        if (!left) {
            leaveFastPath.run();
            left = true;
        }
        return true;
    }

    /** @return whether this run watched the replication stream since its initial copy (the cutover's fast path) */
    boolean streamed() {
        return streamedThisRun;
    }

    OnlineSteps(MoveEngine engine, MoveLinks links) {
        this.engine = engine;
        this.links = links;
    }

    /** REPLICATING: publication on the source, subscription on the target (both idempotent). */
    void replicate(MoveRecord m) throws SQLException {
        Connection src = links.shard(m, m.source);
        Connection tgt = links.shard(m, m.target);
        Replication.publish(src, m.id, m.keyType, m.tables.sharded(), planned(m));
        subscribedThisRun = Replication.subscribe(tgt, m.id, links.urlOf(m, m.source), links.credentials());
        engine.advance(m, Steps.SYNCING, "replicating the range to the target (initial copy)");
    }

    /** SYNCING: waits until the initial copy is done and streaming has caught up once. */
    void sync(MoveRecord m) throws SQLException {
        Connection src = links.shard(m, m.source);
        Connection tgt = links.shard(m, m.target);
        if (!Replication.slotExists(src, m.id)) {
            // the source failed over (slots are not replicated) or an earlier run removed it: start again
            restart(m, src, tgt);
            return;
        }
        long deadline = System.nanoTime() + m.syncMillis * 1_000_000L;
        long mark = 0;
        while (true) {
            if (Replication.synced(tgt, m.id)) {
                mark = mark == 0 ? Replication.mark(src, m.id) : mark;
                if (Replication.caughtUp(tgt, m.id, mark)) {
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new MoveFailure("the target has not caught up with the source within " + m.syncMillis
                        + " ms; resume to keep waiting, or cancel");
            }
            if (cancelRequested(m)) {
                // the engine rolls back on its next step; set here because the engine does not
                // re-read the flag after its own save (else: a hot loop back into this wait)
                m.cancel = true;
                return;
            }
            MoveEngine.pause(20);
        }
        m.rowsCopied = rowsOnTarget(m, planned(m));
        streamedThisRun = subscribedThisRun;
        engine.advance(m, Steps.PLANNED, "target in sync; preparing the cutover");
    }

    /**
     * CUTOVER, before the fence: waits (the range is still writable) until the target has applied
     * a marker committed now, so that the fenced range waits only for what committed since: one
     * marker round trip, not a backlog. Bounded by the sync timeout in the run that watched the
     * replication stream; a resumed run (the target may have failed over, its replication may be
     * gone) waits at most the catch-up timeout and lets the cutover verify or copy.
     *
     * @return whether the target applied the marker (if not, the cutover takes its slow path)
     */
    boolean approach(MoveRecord m) throws SQLException {
        Connection src = links.shard(m, m.source);
        if (!Replication.slotExists(src, m.id)) {
            return false; // the fenced step finds the same and copies instead
        }
        return awaitMark(links.shard(m, m.target), m.id, Replication.mark(src, m.id),
                streamedThisRun ? m.syncMillis : m.catchUpMillis);
    }

    /**
     * Under the fence ({@link Cutover}): waits (bounded by the catch-up timeout) for the target to
     * apply the marker committed once nothing older than the fence was left: logical replication applies
     * the source's transactions in commit order, so the target then holds everything the source
     * committed for the range. If this run streamed since the initial copy, that proof suffices and
     * nothing else runs under the fence. Otherwise (a resumed run: either shard may have failed over
     * meanwhile, and a promoted target may have lost changes its slot had confirmed) every table's
     * count and checksum is compared too; if the marker did not arrive or the rows differ, the range
     * is copied as the offline strategy does. {@code leaveFastPath} runs (once) before a copy or once
     * the marker is {@value #FAST_CATCH_UP_MILLIS} ms late.
     *
     * @return the step's detail
     */
    String catchUp(MoveRecord m, List<Interval> range, Drain.Result drained, Fence.Work leaveFastPath)
            throws SQLException {
        Connection src = links.shard(m, m.source);
        Connection tgt = links.shard(m, m.target);
        left = false;
        // the fast path waits for the marker briefly (the target was close behind): if it is late,
        // the fast path is left at once (leaveFastPath: cutover lock released, source serving reads)
        // and the wait goes on up to the catch-up timeout
        boolean arrived = drained.slot() && drained.mark() != 0
                && (awaitMark(tgt, m.id, drained.mark(), FAST_CATCH_UP_MILLIS)
                        || leave(leaveFastPath) && awaitMark(tgt, m.id, drained.mark(), m.catchUpMillis));
        if (arrived && streamedThisRun) {
            // the subscription stays until the switch is done (nothing flows: the range is fenced);
            // dropping it takes a while and need not lengthen the time writes are refused
            return "target caught up under the fence (marker applied)";
        }
        if (arrived && identical(m, src, tgt, range)) {
            m.rowsCopied = rowsOnTarget(m, range);
            return "target caught up under the fence; rows verified (resumed run)";
        }
        leave(leaveFastPath);
        Replication.remove(tgt, src, m.id);
        m.rowsCopied = Copier.copyBatch(src, tgt, m.keyType, m.tables.sharded(), range);
        return "replication " + (arrived ? "differs from the source" : "did not catch up within " + m.catchUpMillis
                + " ms") + ": range copied under the fence and verified";
    }

    /** @return whether the target applied {@code mark} within {@code timeoutMillis} (polled every 0.2 ms) */
    private static boolean awaitMark(Connection tgt, UUID moveId, long mark, long timeoutMillis) throws SQLException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!Replication.caughtUp(tgt, moveId, mark)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new MoveFailure("interrupted");
            }
        }
        return true;
    }

    /** After the switch, before the source's rows are deleted: the deletes must never reach the target. */
    void unsubscribe(MoveRecord m) throws SQLException {
        Replication.remove(links.shard(m, m.target), links.shard(m, m.source), m.id);
    }

    /** Rollback: removes replication objects and, if the range was never carved out, the target's copy. */
    void rollBack(MoveRecord m) throws SQLException {
        Connection src = links.shard(m, m.source);
        Connection tgt = links.shard(m, m.target);
        Replication.remove(tgt, src, m.id);
        if (!m.batch.isEmpty() && !batchApplied(m)) {
            Copier.deleteBatch(tgt, m.keyType, m.tables.sharded(), planned(m));
            m.batch = "";
            m.plan = "";
        }
    }

    /** Whether the batch's planned mappings are in the global map (the PLANNED step applied them). */
    boolean batchApplied(MoveRecord m) throws SQLException {
        try (Connection c = links.gsm()) {
            return MappingEdits.globalMapping(c, UUID.fromString(m.batch.split(",")[0])) != null;
        }
    }

    private void restart(MoveRecord m, Connection src, Connection tgt) throws SQLException {
        Replication.remove(tgt, src, m.id);
        Copier.deleteBatch(tgt, m.keyType, m.tables.sharded(), planned(m));
        engine.advance(m, Steps.REPLICATING, "replication slot missing on the source; replicating again");
    }

    private boolean cancelRequested(MoveRecord m) throws SQLException {
        try (Connection c = links.gsm()) {
            MoveRecord now = MoveStore.load(c, m.id);
            return now != null && now.cancel;
        }
    }

    private static boolean identical(MoveRecord m, Connection src, Connection tgt, List<Interval> range)
            throws SQLException {
        for (TableRef t : m.tables.sharded()) {
            String where = Copier.filter(m.keyType, t, range);
            if (!Copier.checksum(src, t, where).equals(Copier.checksum(tgt, t, where))) {
                return false;
            }
        }
        return true;
    }

    /** @return rows of the range on the target, all sharded tables (for the move's progress) */
    long rowsOnTarget(MoveRecord m, List<Interval> range) throws SQLException {
        return Copier.count(links.shard(m, m.target), m.keyType, m.tables.sharded(), range);
    }

    /** The intervals of the planned batch, read from the persisted plan (not yet in the map). */
    static List<Interval> planned(MoveRecord m) {
        Set<String> ids = new HashSet<>(List.of(m.batch.split(",")));
        List<Interval> out = new ArrayList<>();
        for (MappingRow r : Plan.decode(m.plan).puts()) {
            if (ids.contains(r.id().toString())) {
                out.add(Interval.of(r, m.list));
            }
        }
        return out;
    }
}
