package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.Ddl;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.ShardMapStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The online strategy's write window (step {@link Steps#CUTOVER}): from the fence to the switch,
 * with as few round trips and WAL flushes as correctness allows. The range's mapping is never
 * taken offline: the fence refuses writes in the source database itself (every writer, whatever it
 * validated); reads are served by the source, whose rows are complete and frozen, until its local
 * map stops validating the range, after which a client is refused there and re-reads the map.
 *
 * <p>Before the window, while the range is writable: the target catches up to a marker
 * ({@link OnlineSteps#approach}), the batch's mappings are read, the map's lock is taken (with
 * the recovery of interrupted map edits it implies), a cancel is looked for, the window's
 * statements are rehearsed ({@link Rehearsal}), an earlier run's stamp is cleared and, on the
 * fast path, the move's cutover lock is taken on the source (writes refused by the fence then wait
 * for it, see {@link Fence#beginCutover}).
 *
 * <p><b>Fast path</b>: a run that watched the replication stream since its initial copy. In the
 * window:
 * <ol>
 * <li>source: the fence row(s) — one autocommit statement for a range, not waiting for its WAL
 *     flush; one flushed transaction for several points — and the stamp (autocommit, unflushed);</li>
 * <li>source: the drain, one read polled until no transaction begun before the stamp is left
 *     (sessions, then prepared transactions);</li>
 * <li>source, one autocommit statement (flushed): the replication marker, and the source's local
 *     map no longer validating the range;</li>
 * <li>target: the marker polled until applied (reads);</li>
 * <li>target, one flushed transaction: the local map switched, older fences covering the range
 *     dropped (the flush also makes durable the rows replication applied unflushed);</li>
 * <li>shard-map manager: the global map switched and the move's step persisted, one transaction.</li>
 * </ol>
 * If the marker does not arrive, the catch-up falls back to a copy under the fence: the cutover
 * lock is released first (writes are refused at once, not held waiting) and the source's local map
 * serves reads again; both local maps are then switched after the copy.
 *
 * <p><b>Resumed run</b> (it cannot trust the replication it did not watch): the source's local map
 * keeps validating the range (an earlier run's carve-out is undone before the window), there is no
 * cutover lock, the drain's last poll commits the marker itself, the range's count and checksum are
 * compared on both shards under the fence (a copy if they differ), and both local maps are switched
 * after, in parallel, then the global map; the detail says which.
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
        List<MappingRow> batch = engine.batch(m);
        List<Interval> range = Batches.intervals(m, batch);
        Connection src = links.shard(m, m.source);
        Connection tgt = links.shard(m, m.target);
        if (!online.streamed()) {
            store.withMapLocked(m.mapId, gsm -> {
                // a resumed run: an earlier run's carve-out serves reads again at once, and the fence
                // triggers are those of this version of the library (a move begun with an older one)
                Switch.restoreSource(src, m, batch);
                Fence.install(src, m.keyType, m.tables.sharded());
                return null;
            });
        }
        // the fence is taken only once the target is close behind; if it is not, no fast path
        boolean approached = online.approach(m);
        store.withMapLocked(m.mapId, gsm -> {
            MoveRecord now = MoveStore.load(gsm, m.id);
            if (now != null && now.cancel) {
                m.cancel = true; // honoured by the engine's next step, before anything is fenced
                return null;
            }
            boolean fast = online.streamed() && approached;
            Rehearsal.run(src, tgt, gsm, m, batch, range);
            Fence.clearStamp(src, m.id);
            hook.reached(Steps.APPROACHED, false);
            // only the fast path makes refused writes wait: a resumed run may verify or copy for long
            boolean[] held = {fast && Fence.beginCutover(src, m.id)};
            boolean[] carved = {false};
            try {
                window.open();
                raise(src, m, batch, range);
                window.mark("fence");
                String fencedAt = Fence.stamp(src, m.id);
                Drain.Result drained;
                if (fast) {
                    drained = carveOut(src, m, batch, Drain.await(src, m.drainMillis, null, "", fencedAt).terminated());
                    carved[0] = true;
                } else {
                    // a resumed run may verify or copy the range under the fence: the source's local map
                    // keeps serving its reads meanwhile, and is switched with the target's (Switch)
                    drained = Drain.await(src, m.drainMillis, m.id, Replication.name(m.id), fencedAt);
                }
                window.mark("drain");
                hook.reached(Steps.FENCED, false);
                String how = online.catchUp(m, range, drained, () -> {
                    // the fallback copies under the fence for as long as the range takes: writes are
                    // refused at once meanwhile (they do not wait, holding connections), reads served
                    if (held[0]) {
                        Fence.endCutover(src, m.id);
                        held[0] = false;
                    }
                    if (carved[0]) {
                        Switch.restoreSource(src, m, batch);
                        carved[0] = false;
                    }
                });
                window.mark("catch-up");
                hook.reached(Steps.COPIED, false);
                engine.switchLocked(m, batch, gsm, "range switched to the target; " + how, carved[0]);
            } catch (SQLException | RuntimeException e) {
                // a failed run (not a killed one) must not leave the range unreadable until a resume:
                // put the carve-out back unless the global map's switch was attempted (its outcome
                // may be unknown, and the source must then not serve reads again)
                if (carved[0] && !engine.globalAttempted()) {
                    try {
                        Switch.restoreSource(src, m, batch);
                    } catch (SQLException | RuntimeException r) {
                        e.addSuppressed(r);
                    }
                }
                throw e;
            } finally {
                if (held[0]) {
                    Fence.endCutover(src, m.id);
                }
            }
            return null;
        });
    }

    /**
     * Once drained, one transaction on the source (one WAL flush): the replication marker, which
     * thus follows every write to the range, and the source's local map no longer validating the
     * range (it waits for no other shard: the source's rows are frozen and complete).
     */
    private static Drain.Result carveOut(Connection src, MoveRecord m, List<MappingRow> batch, int terminated)
            throws SQLException {
        long[] mark = {0};
        boolean[] slot = {false};
        boolean auto = src.getAutoCommit();
        src.setAutoCommit(true); // one statement, one round trip, its own transaction
        try {
            slot[0] = carveOutStatement(src, m, batch, mark);
        } finally {
            src.setAutoCommit(auto);
        }
        return new Drain.Result(terminated, mark[0], slot[0]);
    }

    /**
     * {@link #carveOut}'s single statement (autocommit, or in the caller's transaction): the marker
     * if the slot exists, and the batch's mappings deleted from the source's local map.
     *
     * @return whether the slot exists
     */
    static boolean carveOutStatement(Connection src, MoveRecord m, List<MappingRow> batch, long[] mark)
            throws SQLException {
        Plan plan = Switch.plan(m, batch);
        long value = System.nanoTime();
        try (PreparedStatement ps = src.prepareStatement("with s as (select exists (select 1 from"
                + " pg_replication_slots where slot_name = ?) as slot), m as (insert into " + Replication.MARKS
                + " (move_id, mark) select ?, ? from s where s.slot on conflict (move_id) do update"
                + " set mark = excluded.mark returning 1), d as (delete from " + Ddl.LSM + ".mappings"
                + " where mapping_id = any (?) returning 1) select s.slot from s")) {
            ps.setString(1, Replication.name(m.id));
            ps.setObject(2, m.id);
            ps.setLong(3, value);
            ps.setArray(4, src.createArrayOf("uuid", Switch.sourceDeletes(plan, m).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean slot = rs.getBoolean(1);
                mark[0] = slot ? value : 0;
                return slot;
            }
        }
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
        try {
            insertFence(src, m, batch, range);
        } finally {
            src.setAutoCommit(auto);
        }
    }

    /**
     * The single range's fence row, committed (in autocommit) without waiting for its WAL flush:
     * visible to every writer at once, and durable as soon as the marker commits (it follows in the
     * same WAL); a crash before that ends this run, and a resumed one fences again.
     */
    static void insertFence(Connection src, MoveRecord m, List<MappingRow> batch, List<Interval> range)
            throws SQLException {
        try (PreparedStatement ps = src.prepareStatement("insert into " + Fence.TABLE + " (move_id, mapping_id, low,"
                + " high) select ?, ?, ?, ? from (select set_config('synchronous_commit', 'off', true)) s"
                + " on conflict do nothing")) {
            ps.setObject(1, m.id);
            ps.setObject(2, batch.get(0).id());
            ps.setBytes(3, range.get(0).low());
            if (range.get(0).high() == null) {
                ps.setNull(4, Types.BINARY);
            } else {
                ps.setBytes(4, range.get(0).high());
            }
            ps.executeUpdate();
        }
    }
}
