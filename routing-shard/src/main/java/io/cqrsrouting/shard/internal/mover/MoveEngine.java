package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.MappingEdits;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.ShardMapStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

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
    private final Cutover cutover;
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
    /** The last switched batch's window, for the next step's detail ("" if none or begun in another run). */
    private String lastWindow = "";
    /** Whether the last switch got as far as the global map's transaction (its outcome may be unknown). */
    private boolean globalAttempted;

    public MoveEngine(ShardMapStore store, MoveHook hook) {
        this.store = store;
        this.hook = hook;
        this.links = new MoveLinks(store);
        this.planner = new BatchPlanner(links);
        this.online = new OnlineSteps(this, links);
        this.cutover = new Cutover(this, store, links, online, hook, window);
    }

    /**
     * Checks the preconditions, prepares both shards (fence table and triggers) and persists the move.
     *
     * @param moving the intervals that will move (for the target-empty check)
     * @throws MoveFailure naming every problem found
     */
    public void start(MoveRecord m, List<Interval> moving) throws SQLException {
        new MoveStart(store, links).run(m, moving);
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
                m.detail = "step " + step + " failed: " + MoveFailure.describe(e) + "; resume or cancel the move";
                save(m);
                throw new MoveFailure("move " + m.id + " failed at step " + step + ": " + MoveFailure.describe(e));
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
                    apply(m, Plan.decode(m.plan)); // the range's own mapping, still ONLINE on the source
                    advance(m, Steps.CUTOVER, "range carved out and writable; cutting over");
                    return;
                }
                window.open();
                apply(m, Plan.decode(m.plan));
                window.mark("offline");
                advance(m, Steps.OFFLINE, "batch offline");
            }
            case Steps.CUTOVER -> cutover.run(m);
            case Steps.OFFLINE -> {
                Connection src = links.shard(m, m.source);
                List<MappingRow> batch = batch(m);
                Fence.raise(src, m.id, Batches.ids(batch), Batches.intervals(m, batch));
                window.mark("fence");
                int terminated = Drain.await(src, m.drainMillis);
                window.mark("drain");
                advance(m, Steps.FENCED, "batch fenced" + (terminated > 0 ? ", " + terminated
                        + " session(s) with older transactions terminated" : ""));
            }
            case Steps.FENCED -> {
                Connection src = links.shard(m, m.source);
                Connection tgt = links.shard(m, m.target);
                m.rowsCopied += Copier.copyBatch(src, tgt, m.keyType, m.tables.sharded(), Batches.intervals(m, batch(m)));
                window.mark("copy");
                advance(m, Steps.COPIED, "batch copied and verified");
            }
            case Steps.COPIED -> {
                List<MappingRow> batch = batch(m);
                store.withMapLocked(m.mapId, gsm -> {
                    switchLocked(m, batch, gsm, "batch switched to the target", false);
                    return null;
                });
            }
            case Steps.SWITCHED -> {
                if (m.online) {
                    online.unsubscribe(m);
                    m.rowsCopied = online.rowsOnTarget(m, Batches.intervals(m, batch(m)));
                }
                Connection src = links.shard(m, m.source);
                Settle.Outcome settled = Settle.await(src, links.standbysOf(m, m.source), store::shard, m.drainMillis,
                        m.syncMillis);
                Copier.deleteBatch(src, m.keyType, m.tables.sharded(), Batches.intervals(m, batch(m)));
                m.batch = "";
                m.plan = "";
                String w = lastWindow;
                lastWindow = "";
                advance(m, Steps.NEXT, "source rows of the batch deleted" + settled.describe() + w);
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
            case Steps.PREPARED, Steps.NEXT, Steps.REPLICATING, Steps.SYNCING, Steps.CUTOVER, Steps.OFFLINE,
                    Steps.FENCED, Steps.COPIED -> true;
            default -> false;
        };
    }

    /**
     * Switches the batch ({@link Switch}) on a GSM session holding the map's lock, and persists
     * {@code SWITCHED} with {@code detail} in the global map's transaction; the hook sees SWITCHED
     * unpersisted once both local maps switched, persisted once the global map did.
     */
    /** @param sourceSwitched whether the source's local map was switched already (online fast path) */
    void switchLocked(MoveRecord m, List<MappingRow> batch, Connection gsm, String detail, boolean sourceSwitched)
            throws SQLException {
        String step = m.step;
        String was = m.detail;
        batchRows = null;
        globalAttempted = false;
        try {
            Switch.run(gsm, links.shard(m, m.source), links.shard(m, m.target), m, Switch.plan(m, batch),
                    Batches.intervals(m, batch), sourceSwitched, () -> {
                        hook.reached(Steps.SWITCHED, false);
                        globalAttempted = true;
                    }, g -> {
                        m.step = Steps.SWITCHED;
                        m.detail = detail;
                        cancelRead = false;
                        MoveStore.save(g, m);
                    });
        } catch (SQLException | RuntimeException e) {
            m.step = step; // the global map did not switch: the move's row did not change either
            m.detail = was;
            throw e;
        }
        cancelRead = true;
        window.mark("switch");
        lastWindow = window.close();
        hook.reached(Steps.SWITCHED, true);
    }

    private void rollback(MoveRecord m) throws SQLException {
        if (m.online) {
            online.rollBack(m);
        }
        List<MappingRow> batch = m.batch.isEmpty() ? List.of() : batch(m);
        if (!batch.isEmpty()) {
            Copier.deleteBatch(links.shard(m, m.target), m.keyType, m.tables.sharded(), Batches.intervals(m, batch));
            Fence.lower(links.shard(m, m.source), m.id, Batches.ids(batch));
            Plan.Builder p = new Plan.Builder();
            for (MappingRow b : batch) {
                if (b.shardId().equals(m.source)) {
                    // the global map still names the source (SWITCHED is persisted with its switch): undo
                    // a switch interrupted after the local maps, and bring an offline batch back online
                    p.delete(m.target, b.id());
                    p.put("OFFLINE".equals(b.status()) ? b.withStatus("ONLINE") : b);
                }
            }
            apply(m, p.build());
        }
        m.batch = "";
        m.plan = planner.coalescePlan(m, links.globalMappings(m), true).encode();
        advance(m, Steps.UNDO_COALESCE, "batch rolled back; the source is in charge");
    }

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
    List<MappingRow> batch(MoveRecord m) throws SQLException {
        if (batchRows == null || !m.batch.equals(batchKey)) {
            try (Connection c = store.gsmConnection()) {
                batchRows = Batches.read(c, m);
            }
            batchKey = m.batch;
        }
        return batchRows;
    }

    /** @return whether the last {@link #switchLocked} attempted the global map's transaction */
    boolean globalAttempted() {
        return globalAttempted;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoveFailure("interrupted");
        }
    }
}
