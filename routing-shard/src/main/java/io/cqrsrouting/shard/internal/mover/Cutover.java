package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.ShardMapStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The online strategy's write window (step {@link Steps#CUTOVER}): from the fence to the switch,
 * with as few round trips as correctness allows. The range's mapping is never taken offline: the
 * fence refuses writes in the source database itself (every writer, whatever it validated), reads
 * keep being served by the source, whose rows are complete and frozen, and after the switch the
 * source's local map no longer validates the range, so a client with an old mapping is refused
 * there and re-reads the map.
 *
 * <p>Before the window, while the range is writable: the target catches up to a marker
 * ({@link OnlineSteps#approach}), the batch's mappings are read, the map's lock is taken (with
 * the recovery of interrupted map edits it implies) and a cancel is looked for. In the window:
 * <ol>
 * <li>source: the fence row (one autocommit statement per fence row; one for a range);</li>
 * <li>source: one statement that finds no transaction older than the fence (sessions, then
 *     prepared transactions) and commits the replication marker — polled until it does;</li>
 * <li>target: the marker polled until applied (reads);</li>
 * <li>target and source in parallel, one transaction each: the local maps switched (the target
 *     also drops older fences covering the range);</li>
 * <li>shard-map manager: the global map switched and the move's step persisted, one transaction.</li>
 * </ol>
 * A resumed run (it cannot trust the replication it did not watch) adds a count and checksum of the
 * range on both shards under the fence, and a failed catch-up a copy; both say so in the detail.
 */
final class Cutover {

    private final MoveEngine engine;
    private final ShardMapStore store;
    private final MoveLinks links;
    private final OnlineSteps online;
    private final MoveHook hook;
    private final Window window;

    Cutover(MoveEngine engine, ShardMapStore store, MoveLinks links, OnlineSteps online, MoveHook hook,
            Window window) {
        this.engine = engine;
        this.store = store;
        this.links = links;
        this.online = online;
        this.hook = hook;
        this.window = window;
    }

    /** Runs the step: the batch switched and SWITCHED persisted, or {@code m.cancel} set (nothing fenced). */
    void run(MoveRecord m) throws SQLException {
        online.approach(m); // the fence is taken only once the target is close behind
        List<MappingRow> batch = engine.batch(m);
        List<Interval> range = Batches.intervals(m, batch);
        Connection src = links.shard(m, m.source);
        Connection tgt = links.shard(m, m.target);
        store.withMapLocked(m.mapId, gsm -> {
            MoveRecord now = MoveStore.load(gsm, m.id);
            if (now != null && now.cancel) {
                m.cancel = true; // honoured by the engine's next step, before anything is fenced
                return null;
            }
            hook.reached(Steps.APPROACHED, false);
            window.open();
            raise(src, m, batch, range);
            window.mark("fence");
            Drain.Result drained = Drain.await(src, m.drainMillis, m.id, Replication.name(m.id));
            window.mark("drain");
            hook.reached(Steps.FENCED, false);
            String how = online.catchUp(m, range, drained);
            window.mark("catch-up");
            hook.reached(Steps.COPIED, false);
            engine.switchLocked(m, batch, gsm, "range switched to the target; " + how);
            return null;
        });
    }

    /** The fence rows: one autocommit statement for a range, one transaction for several points. */
    private static void raise(Connection src, MoveRecord m, List<MappingRow> batch, List<Interval> range)
            throws SQLException {
        if (batch.size() != 1) {
            Fence.raise(src, m.id, Batches.ids(batch), range);
            return;
        }
        boolean auto = src.getAutoCommit();
        src.setAutoCommit(true);
        try (PreparedStatement ps = src.prepareStatement("insert into " + Fence.TABLE + " (move_id, mapping_id, low,"
                + " high) values (?, ?, ?, ?) on conflict do nothing")) {
            ps.setObject(1, m.id);
            ps.setObject(2, batch.get(0).id());
            ps.setBytes(3, range.get(0).low());
            if (range.get(0).high() == null) {
                ps.setNull(4, Types.BINARY);
            } else {
                ps.setBytes(4, range.get(0).high());
            }
            ps.executeUpdate();
        } finally {
            src.setAutoCommit(auto);
        }
    }
}
