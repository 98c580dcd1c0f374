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
 * only then is it taken offline and fenced (as in the offline strategy), and the fenced range waits
 * just for the target to apply the source's last changes — milliseconds, not a copy. Replication
 * objects are removed right after the switch, before the source's rows are deleted, so those
 * deletes never reach the target.
 * Whatever goes wrong with replication (slot lost in a source failover, catch-up too slow), the
 * fenced range falls back to the offline copy, which is correct under the fence by itself.
 */
final class OnlineSteps {

    private final MoveEngine engine;
    private final MoveLinks links;

    OnlineSteps(MoveEngine engine, MoveLinks links) {
        this.engine = engine;
        this.links = links;
    }

    /** REPLICATING: publication on the source, subscription on the target (both idempotent). */
    void replicate(MoveRecord m) throws SQLException {
        Connection src = links.shard(m, m.source);
        Connection tgt = links.shard(m, m.target);
        Replication.publish(src, m.id, m.keyType, m.tables.sharded(), planned(m));
        Replication.subscribe(tgt, m.id, links.urlOf(m, m.source), links.credentials());
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
                return; // the engine rolls back on its next step
            }
            MoveEngine.pause(20);
        }
        m.rowsCopied = rowsOnTarget(m, tgt, planned(m));
        engine.advance(m, Steps.PLANNED, "target in sync; taking the range offline for the switch");
    }

    /**
     * FENCED: the range is offline and fenced on the source; waits (bounded) for the target to apply
     * everything the source committed, removes the replication objects and verifies the rows. If
     * they differ (replication lost or too slow), copies the range as the offline strategy does.
     *
     * @return rows now on the target for the range
     */
    long catchUp(MoveRecord m, List<Interval> range) throws SQLException {
        Connection src = links.shard(m, m.source);
        Connection tgt = links.shard(m, m.target);
        if (Replication.slotExists(src, m.id)) {
            long mark = Replication.mark(src, m.id);
            long deadline = System.nanoTime() + m.catchUpMillis * 1_000_000L;
            while (!Replication.caughtUp(tgt, m.id, mark) && System.nanoTime() < deadline) {
                MoveEngine.pause(2);
            }
        }
        if (identical(m, src, tgt, range)) {
            // the subscription stays until the switch is done (nothing flows: the range is fenced);
            // dropping it takes a while and need not lengthen the time writes are refused
            return rowsOnTarget(m, tgt, range);
        }
        Replication.remove(tgt, src, m.id);
        return Copier.copyBatch(src, tgt, m.keyType, m.tables.sharded(), range);
    }

    /** After the switch, before the source's rows are deleted: the deletes must never reach the target. */
    void unsubscribe(MoveRecord m) throws SQLException {
        Replication.remove(links.shard(m, m.target), links.shard(m, m.source), m.id);
    }

    /** Rollback: removes replication objects and, if the range never went offline, the target's copy. */
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

    private static long rowsOnTarget(MoveRecord m, Connection tgt, List<Interval> range) throws SQLException {
        long rows = 0;
        for (TableRef t : m.tables.sharded()) {
            rows += Long.parseLong(Copier.checksum(tgt, t, Copier.filter(m.keyType, t, range)).split(" ")[0]);
        }
        return rows;
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
