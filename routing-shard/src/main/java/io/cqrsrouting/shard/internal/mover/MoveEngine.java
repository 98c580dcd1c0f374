package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.MappingEdits;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.ShardMapStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.util.PSQLException;

/**
 * Runs a persisted move step by step (see {@link Steps}) until it is completed or cancelled. Only
 * one engine runs a move at a time (an advisory lock on the move, held on a GSM session while it
 * runs; a killed mover's session ends and releases it). Mapping edits run under the map's lock.
 * An engine serves one {@link #start} or one {@link #run}: it keeps its shard connections for it.
 */
public final class MoveEngine {

    private final ShardMapStore store;
    private final MoveHook hook;
    private final MoveLinks links;
    private final BatchPlanner planner;
    private final OnlineSteps online;
    /** How long the current batch has refused writes in this run, phase by phase (step details only). */
    private final Window window = new Window();
    /**
     * Whether {@code m.cancel} was read back by this run's last save, so the next step need not read
     * it again (except the last step before the switch).
     */
    private boolean cancelRead;
    /** The current batch's mappings as last read in this run, for {@link #batchKey}; cleared by every edit. */
    private List<MappingRow> batchRows;
    private String batchKey;

    public MoveEngine(ShardMapStore store, MoveHook hook) {
        this.store = store;
        this.hook = hook;
        this.links = new MoveLinks(store);
        this.planner = new BatchPlanner(links);
        this.online = new OnlineSteps(this, links);
    }

    /**
     * Checks the preconditions, prepares both shards (fence table and triggers) and persists the move.
     *
     * @param moving the intervals that will move (for the target-empty check)
     * @throws MoveFailure naming every problem found
     */
    public void start(MoveRecord m, List<Interval> moving) throws SQLException {
        boolean guarded = false;
        boolean persisted = false;
        try {
            Connection src = links.shard(m, m.source);
            Connection tgt = links.shard(m, m.target);
            // privileges first: without them the other checks could fail on a permission error instead
            List<String> missing = MoverGrants.check(src, tgt, m.tables, m.online);
            if (!missing.isEmpty()) {
                throw new MoveFailure("cannot " + m.kind.toLowerCase() + " in shard map " + m.mapName + ": "
                        + String.join("; ", missing));
            }
            List<String> problems = Preconditions.check(src, tgt, m.keyType, m.tables, moving);
            if (m.online) {
                problems.addAll(Replication.check(src, tgt, m.tables));
            }
            if (!problems.isEmpty()) {
                throw new MoveFailure("cannot " + m.kind.toLowerCase() + " in shard map " + m.mapName + ": "
                        + String.join("; ", problems));
            }
            // from here until the move completes or is rolled back, TRUNCATE of its tables is refused on both
            TruncateGuard.raise(src, m.id, m.mapName);
            TruncateGuard.raise(tgt, m.id, m.mapName);
            guarded = true;
            try {
                Fence.install(src, m.keyType, m.tables.sharded());
                Fence.install(tgt, m.keyType, m.tables.sharded());
            } catch (SQLException e) {
                throw new MoveFailure("cannot " + m.kind.toLowerCase() + " in shard map " + m.mapName + ": the write"
                        + " fence triggers cannot be installed on the sharded tables (" + e.getSQLState()
                        + (("55P03".equals(e.getSQLState())) ? ": a long transaction holds a table; retry" : "") + ")");
            }
            for (TableRef t : m.tables.sharded()) {
                m.rowsTotal += Long.parseLong(Copier.checksum(src, t, Copier.filter(m.keyType, t, moving)).split(" ")[0]);
            }
            try (Connection c = store.gsmConnection()) {
                MoveStore.createSchema(c);
                MoveStore.insert(c, m);
            }
            persisted = true;
        } finally {
            if (guarded && !persisted) {
                lowerGuards(m); // the move never existed: TRUNCATE is allowed again
            }
            links.closeAll();
        }
    }

    /** Removes the move's TRUNCATE guard from both shards (best effort when the start failed). */
    private void lowerGuards(MoveRecord m) {
        for (UUID shard : new UUID[] {m.source, m.target}) {
            try {
                TruncateGuard.lower(links.shard(m, shard), m.id);
            } catch (SQLException | RuntimeException e) {
                // the start failed already; a guard row left here is removed by nothing else, say so
                m.detail = "the TRUNCATE guard of move " + m.id + " may remain in cqrs_shard_lsm.move_guards";
            }
        }
    }

    /** Persists a move that only coalesces mappings of one shard (a merge of two ranges of the same shard). */
    public void startCoalesceOnly(MoveRecord m) throws SQLException {
        try (Connection c = store.gsmConnection()) {
            MoveStore.createSchema(c);
            m.plan = planner.coalescePlan(m, MappingEdits.globalMappings(c, m.mapId), false).encode();
            m.step = Steps.COALESCE;
            MoveStore.insert(c, m);
        }
    }

    /** Runs the move from its persisted step to the end; returns the final record. One run per engine. */
    public MoveRecord run(UUID id) {
        try {
            return runLocked(id);
        } finally {
            links.closeAll();
        }
    }

    private MoveRecord runLocked(UUID id) {
        try (Connection lock = store.gsmConnection()) {
            if (!MoveLinks.tryLock(lock, id)) {
                throw new MoveFailure("move " + id + " is being run by another mover");
            }
            try {
                MoveRecord m;
                try (Connection c = store.gsmConnection()) {
                    m = MoveStore.load(c, id);
                }
                if (m == null) {
                    throw new MoveFailure("no move " + id);
                }
                return loop(m);
            } finally {
                // the GSM connection may be pooled: closing it keeps the session, and a session-level
                // lock with it, so the next mover could never resume; release it explicitly
                MoveLinks.unlock(lock, id);
            }
        } catch (SQLException e) {
            throw new MoveFailure("move " + id + ": the shard-map-manager database failed (" + e.getSQLState() + ")");
        }
    }

    private MoveRecord loop(MoveRecord m) throws SQLException {
        if ("FAILED".equals(m.state)) {
            m.state = "RUNNING";
        }
        while ("RUNNING".equals(m.state)) {
            String step = m.step;
            try {
                step(m);
            } catch (SQLException | RuntimeException e) {
                m.state = "FAILED";
                m.detail = "step " + step + " failed: " + describe(e) + "; resume or cancel the move";
                save(m);
                throw new MoveFailure("move " + m.id + " failed at step " + step + ": " + describe(e));
            }
        }
        return m;
    }

    private void step(MoveRecord m) throws SQLException {
        // a cancel requested since the last save is honoured at the latest here, just before the switch
        if (beforeSwitch(m.step) && (!cancelRead || Steps.COPIED.equals(m.step))) {
            try (Connection c = store.gsmConnection()) {
                MoveRecord now = MoveStore.load(c, m.id);
                m.cancel = now != null && now.cancel;
            }
        }
        if (m.cancel && beforeSwitch(m.step)) {
            advance(m, Steps.ROLLBACK, "cancel requested: rolling back the current batch");
            return;
        }
        switch (m.step) {
            case Steps.PREPARED -> {
                Copier.copyReference(links.shard(m, m.source), links.shard(m, m.target), m.tables.reference());
                advance(m, Steps.NEXT, "reference tables in place");
            }
            case Steps.NEXT -> {
                String next = planner.next(m);
                advance(m, next, switch (next) {
                    case Steps.COALESCE -> "all batches moved; coalescing mappings";
                    case Steps.REPLICATING -> "range chosen; replicating it while it stays writable";
                    default -> "next batch chosen";
                });
            }
            case Steps.REPLICATING -> online.replicate(m);
            case Steps.SYNCING -> online.sync(m);
            case Steps.PLANNED -> {
                if (m.online) {
                    online.approach(m); // the fence is taken only once the target is close behind
                    hook.reached(Steps.APPROACHED, false);
                }
                window.open();
                apply(m, Plan.decode(m.plan));
                window.mark("offline");
                advance(m, Steps.OFFLINE, "batch offline");
            }
            case Steps.OFFLINE -> {
                Connection src = links.shard(m, m.source);
                List<MappingRow> batch = batch(m);
                Fence.raise(src, m.id, ids(batch), intervals(m, batch));
                window.mark("fence");
                int terminated = Fence.drain(src, m.drainMillis);
                window.mark("drain");
                advance(m, Steps.FENCED, "batch fenced" + (terminated > 0 ? ", " + terminated
                        + " session(s) with older transactions terminated" : ""));
            }
            case Steps.FENCED -> {
                if (m.online) {
                    String how = online.catchUp(m, intervals(m, batch(m)));
                    window.mark("catch-up");
                    advance(m, Steps.COPIED, how);
                } else {
                    Connection src = links.shard(m, m.source);
                    Connection tgt = links.shard(m, m.target);
                    m.rowsCopied += Copier.copyBatch(src, tgt, m.keyType, m.tables.sharded(), intervals(m, batch(m)));
                    window.mark("copy");
                    advance(m, Steps.COPIED, "batch copied and verified");
                }
            }
            case Steps.COPIED -> {
                switchBatch(m);
                window.mark("switch");
                advance(m, Steps.SWITCHED, "batch switched to the target" + window.close());
            }
            case Steps.SWITCHED -> {
                if (m.online) {
                    online.unsubscribe(m);
                    m.rowsCopied = online.rowsOnTarget(m, intervals(m, batch(m)));
                }
                Connection src = links.shard(m, m.source);
                Settle.Outcome settled = Settle.await(src, links.standbysOf(m, m.source), store::shard, m.drainMillis,
                        m.syncMillis);
                Copier.deleteBatch(src, m.keyType, m.tables.sharded(), intervals(m, batch(m)));
                m.batch = "";
                m.plan = "";
                advance(m, Steps.NEXT, "source rows of the batch deleted" + settled.describe());
            }
            case Steps.COALESCE, Steps.UNDO_COALESCE -> {
                apply(m, Plan.decode(m.plan));
                boolean done = Steps.COALESCE.equals(m.step);
                String cleanup = endGuards(m, !done);
                m.state = done ? "COMPLETED" : "CANCELLED";
                m.plan = "";
                advance(m, done ? Steps.DONE : Steps.CANCELLED, (done ? "completed" + window.longest() : "cancelled") + cleanup);
            }
            case Steps.ROLLBACK -> rollback(m);
            default -> throw new MoveFailure("move " + m.id + " is at an unknown step " + m.step);
        }
    }

    /**
     * The move ends: TRUNCATE is allowed again on both shards; after a rollback the fence and truncate
     * triggers are dropped too where nothing needs them any more (no other move, no fence row).
     *
     * @return a note for the detail if triggers had to stay
     */
    private String endGuards(MoveRecord m, boolean rolledBack) throws SQLException {
        if (m.source == null || m.target == null || m.source.equals(m.target)) {
            return ""; // a merge of two ranges of one shard moves nothing and guards nothing
        }
        boolean kept = false;
        for (UUID shard : new UUID[] {m.source, m.target}) {
            Connection c = links.shard(m, shard);
            TruncateGuard.lower(c, m.id);
            if (rolledBack && !TruncateGuard.dropTriggersIfUnused(c, m.tables.sharded())) {
                kept = true;
            }
        }
        return kept ? " (fence triggers kept where a fence row or another move needs them, or a long"
                + " transaction held a table)" : "";
    }

    private static boolean beforeSwitch(String step) {
        return switch (step) {
            case Steps.PREPARED, Steps.NEXT, Steps.REPLICATING, Steps.SYNCING, Steps.OFFLINE, Steps.FENCED,
                    Steps.COPIED -> true;
            default -> false;
        };
    }

    private void switchBatch(MoveRecord m) throws SQLException {
        List<MappingRow> batch = batch(m);
        Fence.release(links.shard(m, m.target), intervals(m, batch));
        Plan.Builder p = new Plan.Builder().shard(m.target).shard(m.source);
        for (MappingRow b : batch) {
            if (b.shardId().equals(m.source)) {
                p.put(new MappingRow(b.id(), b.mapId(), m.target, b.low(), b.high(), "ONLINE", b.version() + 1));
                p.delete(m.source, b.id());
            }
        }
        apply(m, p.build());
    }

    private void rollback(MoveRecord m) throws SQLException {
        if (m.online) {
            online.rollBack(m);
        }
        List<MappingRow> batch = m.batch.isEmpty() ? List.of() : batch(m);
        if (!batch.isEmpty()) {
            Copier.deleteBatch(links.shard(m, m.target), m.keyType, m.tables.sharded(), intervals(m, batch));
            Fence.lower(links.shard(m, m.source), m.id, ids(batch));
            Plan.Builder p = new Plan.Builder();
            for (MappingRow b : batch) {
                if (b.shardId().equals(m.source) && "OFFLINE".equals(b.status())) {
                    p.put(b.withStatus("ONLINE"));
                }
            }
            apply(m, p.build());
        }
        m.batch = "";
        m.plan = planner.coalescePlan(m, links.globalMappings(m), true).encode();
        advance(m, Steps.UNDO_COALESCE, "batch rolled back; the source is in charge");
    }

    // ------------------------------------------------------------------ helpers

    void advance(MoveRecord m, String step, String detail) throws SQLException {
        hook.reached(step, false);
        m.step = step;
        m.detail = detail;
        save(m);
        hook.reached(step, true);
    }

    private void save(MoveRecord m) throws SQLException {
        cancelRead = false;
        try (Connection c = store.gsmConnection()) {
            MoveStore.save(c, m);
        }
        cancelRead = true;
    }

    /** Applies a mapping edit through the links (and forgets the batch's mappings read before it). */
    private void apply(MoveRecord m, Plan plan) throws SQLException {
        batchRows = null;
        links.apply(m, plan);
    }

    /** The current batch's mappings from the global map; read once per edit in this run. */
    private List<MappingRow> batch(MoveRecord m) throws SQLException {
        if (batchRows == null || !m.batch.equals(batchKey)) {
            batchRows = readBatch(m);
            batchKey = m.batch;
        }
        return batchRows;
    }

    private List<MappingRow> readBatch(MoveRecord m) throws SQLException {
        List<MappingRow> out = new ArrayList<>();
        try (Connection c = store.gsmConnection()) {
            for (String id : m.batch.split(",")) {
                MappingRow r = MappingEdits.globalMapping(c, UUID.fromString(id));
                if (r == null) {
                    throw new MoveFailure("move " + m.id + ": a mapping of the current batch is missing from the map");
                }
                out.add(r);
            }
        }
        return out;
    }

    private static List<Interval> intervals(MoveRecord m, List<MappingRow> batch) {
        List<Interval> out = new ArrayList<>();
        for (MappingRow r : batch) {
            out.add(Interval.of(r, m.list));
        }
        return out;
    }

    private static List<UUID> ids(List<MappingRow> rows) {
        List<UUID> out = new ArrayList<>();
        for (MappingRow r : rows) {
            out.add(r.id());
        }
        return out;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoveFailure("interrupted");
        }
    }

    /** The failure without anything a server may echo from the data (key values sit in its detail). */
    private static String describe(Exception e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getMessage() + " (" + p.getSQLState() + ")";
        }
        if (e instanceof SQLException s) {
            return s.getMessage() + " (" + s.getSQLState() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
