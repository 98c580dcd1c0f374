package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.MappingEdits;
import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Switches a fenced batch to its target: one transaction per database, under the map's lock.
 *
 * <p>The order correctness needs: both local maps first, then the global map. Clients route by the
 * global map, so once it names the target, the target's local map must already hold the mapping
 * (else they are refused there) and the source's must no longer validate it (else a client with an
 * old cache would read the source's frozen rows after newer writes reached the target). The two
 * local maps do not depend on each other — writes to the range are fenced on the source and
 * nobody is routed to the target yet — so they commit in parallel, each in one transaction (the
 * target's also drops the parts of older fences that cover the range it receives). The global map's
 * transaction also persists the move's step ({@code SWITCHED}): the move's row says the batch
 * switched exactly when the map does, so a resumed or cancelled move never mistakes one for the
 * other. Every part is idempotent (a redo after a crash changes nothing more).
 *
 * <p>Online, in a run that watched replication since its initial copy ({@link Cutover}'s fast
 * path), the source's local map was switched already, with the replication marker; only the
 * target's transaction and the global map's remain. The target's commit waits for its flush (and
 * for a synchronous standby, if the target has one) like every other: it also makes durable the
 * rows replication applied without waiting for a flush, before the global map sends clients there
 * and before the source's copy is deleted.
 */
final class Switch {

    /** Persists the move inside the global map's transaction. */
    interface Persist {
        void run(Connection gsm) throws SQLException;
    }

    private Switch() {
    }

    /** The edit: the batch's source mappings now on the target, ONLINE, one version later. */
    static Plan plan(MoveRecord m, List<MappingRow> batch) {
        Plan.Builder p = new Plan.Builder().shard(m.target).shard(m.source);
        for (MappingRow b : batch) {
            if (b.shardId().equals(m.source)) {
                p.put(new MappingRow(b.id(), b.mapId(), m.target, b.low(), b.high(), "ONLINE", b.version() + 1));
                p.delete(m.source, b.id());
            }
        }
        return p.build();
    }

    /**
     * @param gsm a GSM session holding the map's lock
     * @param localsDone called once both local maps committed, before the global map's transaction
     */
    static void run(Connection gsm, Connection source, Connection target, MoveRecord m, Plan plan,
            List<Interval> received, boolean sourceSwitched, Runnable localsDone, Persist persist)
            throws SQLException {
        if (sourceSwitched) {
            // the source's local map switched with the drain's marker (Cutover#carveOut)
            Fence.inTransaction(target, () -> targetInTransaction(target, m, plan, received));
            global(gsm, plan, localsDone, persist);
            return;
        }
        FutureTask<Void> onTarget = new FutureTask<>(() -> {
            Fence.inTransaction(target, () -> targetInTransaction(target, m, plan, received));
            return null;
        });
        Thread t = new Thread(onTarget, "cqrs-shard-switch");
        t.setDaemon(true);
        t.start();
        SQLException failed = null;
        try {
            Fence.inTransaction(source, () -> MappingEdits.localInTransaction(source, deletes(plan, m.source),
                    puts(plan, m.source)));
        } catch (SQLException e) {
            failed = e;
        }
        try {
            onTarget.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoveFailure("interrupted while switching");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                failed = failed == null ? s : failed;
            } else if (e.getCause() instanceof RuntimeException r) {
                throw r;
            } else {
                throw new MoveFailure("switch failed: " + e.getCause());
            }
        }
        if (failed != null) {
            throw failed;
        }
        global(gsm, plan, localsDone, persist);
    }

    /** The target's edit, in the caller's transaction: older fences covering the range dropped, local map. */
    static void targetInTransaction(Connection target, MoveRecord m, Plan plan, List<Interval> received)
            throws SQLException {
        Fence.releaseInTransaction(target, received);
        MappingEdits.localInTransaction(target, deletes(plan, m.target), puts(plan, m.target));
    }

    /** The global map's edit, in the caller's transaction (the persisted step is not included). */
    static void globalInTransaction(Connection gsm, Plan plan) throws SQLException {
        List<UUID> del = new ArrayList<>();
        for (Plan.Del d : plan.deletes()) {
            del.add(d.mapping());
        }
        MappingEdits.globalInTransaction(gsm, del, plan.puts());
    }

    /**
     * Puts the batch's mappings back into the source's local map if a carve-out removed them (a run
     * that died after it, or a catch-up that falls back to a copy), so that the source serves reads
     * of the range again while the global map still names it; the switch then switches both.
     */
    static void restoreSource(Connection source, MoveRecord m, List<MappingRow> batch) throws SQLException {
        List<MappingRow> rows = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (MappingRow b : batch) {
            if (b.shardId().equals(m.source)) {
                rows.add(b);
                ids.add(b.id());
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (java.sql.PreparedStatement ps = source.prepareStatement("select count(*) from "
                + io.cqrsrouting.shard.internal.Ddl.LSM + ".mappings where mapping_id = any (?)")) {
            ps.setArray(1, source.createArrayOf("uuid", ids.toArray()));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == rows.size()) {
                    return; // nothing carved out: no write (in LEASE mode a write would end leased sessions)
                }
            }
        }
        Fence.inTransaction(source, () -> MappingEdits.localInTransaction(source, List.of(), rows));
    }

    /** @return the mappings the source's local map loses (it gains none: the batch moves away) */
    static List<UUID> sourceDeletes(Plan plan, MoveRecord m) {
        if (!puts(plan, m.source).isEmpty()) {
            throw new IllegalStateException("a move's plan puts mappings on its source");
        }
        return deletes(plan, m.source);
    }

    private static void global(Connection gsm, Plan plan, Runnable localsDone, Persist persist) throws SQLException {
        localsDone.run();
        Fence.inTransaction(gsm, () -> {
            globalInTransaction(gsm, plan);
            persist.run(gsm);
        });
    }

    private static List<UUID> deletes(Plan plan, UUID shard) {
        List<UUID> out = new ArrayList<>();
        for (Plan.Del d : plan.deletes()) {
            if (d.shard().equals(shard)) {
                out.add(d.mapping());
            }
        }
        return out;
    }

    private static List<MappingRow> puts(Plan plan, UUID shard) {
        List<MappingRow> out = new ArrayList<>();
        for (MappingRow r : plan.puts()) {
            if (r.shardId().equals(shard)) {
                out.add(r);
            }
        }
        return out;
    }
}
