package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.KeyType;
import io.cqrsrouting.shard.internal.MappingEdits;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.ShardMapStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.util.PSQLException;

/**
 * Runs a persisted move step by step (see {@link Steps}) until it is completed or cancelled. Only
 * one engine runs a move at a time (an advisory lock on the move, held on a GSM session while it
 * runs; a killed mover's session ends and releases it). Mapping edits run under the map's lock.
 * An engine serves one {@link #start} or one {@link #run}: it keeps its shard connections for it.
 */
public final class MoveEngine {

    private static final int MOVE_LOCK_CLASS = 0x4351525B;

    private final ShardMapStore store;
    private final MoveHook hook;
    /** Shard connections of this run, opened once (logins cost tens of ms); closed when the run ends. */
    private final Map<UUID, Connection> open = new HashMap<>();
    private final OnlineSteps online = new OnlineSteps(this);
    /** When this run took the current batch offline (0: not in this run); for the step detail only. */
    private long offlineAt;

    public MoveEngine(ShardMapStore store, MoveHook hook) {
        this.store = store;
        this.hook = hook;
    }

    /**
     * Checks the preconditions, prepares both shards (fence table and triggers) and persists the move.
     *
     * @param moving the intervals that will move (for the target-empty check)
     * @throws MoveFailure naming every problem found
     */
    public void start(MoveRecord m, List<Interval> moving) throws SQLException {
        try {
            Connection src = shard(m, m.source);
            Connection tgt = shard(m, m.target);
            List<String> problems = Preconditions.check(src, tgt, m.keyType, m.tables, moving);
            if (m.online) {
                problems.addAll(Replication.check(src, tgt, m.tables));
            }
            if (!problems.isEmpty()) {
                throw new MoveFailure("cannot " + m.kind.toLowerCase() + " in shard map " + m.mapName + ": "
                        + String.join("; ", problems));
            }
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
        } finally {
            closeAll();
        }
        try (Connection c = store.gsmConnection()) {
            MoveStore.createSchema(c);
            MoveStore.insert(c, m);
        }
    }

    /** Persists a move that only coalesces mappings of one shard (a merge of two ranges of the same shard). */
    public void startCoalesceOnly(MoveRecord m) throws SQLException {
        try (Connection c = store.gsmConnection()) {
            MoveStore.createSchema(c);
            m.plan = coalescePlan(m, MappingEdits.globalMappings(c, m.mapId), false).encode();
            m.step = Steps.COALESCE;
            MoveStore.insert(c, m);
        }
    }

    /** Runs the move from its persisted step to the end; returns the final record. One run per engine. */
    public MoveRecord run(UUID id) {
        try {
            return runLocked(id);
        } finally {
            closeAll();
        }
    }

    private MoveRecord runLocked(UUID id) {
        try (Connection lock = store.gsmConnection()) {
            if (!tryLock(lock, id)) {
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
                unlock(lock, id);
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
        if (beforeSwitch(m.step)) {
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
                {
            Connection src = shard(m, m.source);
            Connection tgt = shard(m, m.target);
                    Copier.copyReference(src, tgt, m.tables.reference());
                }
                advance(m, Steps.NEXT, "reference tables in place");
            }
            case Steps.NEXT -> next(m);
            case Steps.REPLICATING -> online.replicate(m);
            case Steps.SYNCING -> online.sync(m);
            case Steps.PLANNED -> {
                offlineAt = System.nanoTime();
                apply(m, Plan.decode(m.plan));
                advance(m, Steps.OFFLINE, "batch offline");
            }
            case Steps.OFFLINE -> {
                int terminated;
                {
            Connection src = shard(m, m.source);
                    List<MappingRow> batch = batch(m);
                    Fence.raise(src, m.id, ids(batch), intervals(m, batch));
                    terminated = Fence.drain(src, m.drainMillis);
                }
                advance(m, Steps.FENCED, "batch fenced" + (terminated > 0 ? ", " + terminated
                        + " session(s) with older transactions terminated" : ""));
            }
            case Steps.FENCED -> {
                if (m.online) {
                    m.rowsCopied = online.catchUp(m, intervals(m, batch(m)));
                    advance(m, Steps.COPIED, "target caught up under the fence; rows verified");
                } else {
                    Connection src = shard(m, m.source);
                    Connection tgt = shard(m, m.target);
                    m.rowsCopied += Copier.copyBatch(src, tgt, m.keyType, m.tables.sharded(), intervals(m, batch(m)));
                    advance(m, Steps.COPIED, "batch copied and verified");
                }
            }
            case Steps.COPIED -> {
                switchBatch(m);
                advance(m, Steps.SWITCHED, "batch switched to the target" + (offlineAt == 0 ? ""
                        : "; it refused writes for " + (System.nanoTime() - offlineAt) / 1_000_000 + " ms"));
                offlineAt = 0;
            }
            case Steps.SWITCHED -> {
                if (m.online) {
                    online.unsubscribe(m);
                }
                Connection src = shard(m, m.source);
                Settle.Outcome settled = Settle.await(src, standbysOf(m, m.source), store::shard, m.drainMillis,
                        m.syncMillis);
                Copier.deleteBatch(src, m.keyType, m.tables.sharded(), intervals(m, batch(m)));
                m.batch = "";
                m.plan = "";
                advance(m, Steps.NEXT, "source rows of the batch deleted" + settled.describe());
            }
            case Steps.COALESCE, Steps.UNDO_COALESCE -> {
                apply(m, Plan.decode(m.plan));
                boolean done = Steps.COALESCE.equals(m.step);
                m.state = done ? "COMPLETED" : "CANCELLED";
                m.plan = "";
                advance(m, done ? Steps.DONE : Steps.CANCELLED, done ? "completed" : "cancelled");
            }
            case Steps.ROLLBACK -> rollback(m);
            default -> throw new MoveFailure("move " + m.id + " is at an unknown step " + m.step);
        }
    }

    private static boolean beforeSwitch(String step) {
        return switch (step) {
            case Steps.PREPARED, Steps.NEXT, Steps.REPLICATING, Steps.SYNCING, Steps.OFFLINE, Steps.FENCED,
                    Steps.COPIED -> true;
            default -> false;
        };
    }

    /** Chooses the next batch and plans taking it offline; or plans the final coalesce. */
    private void next(MoveRecord m) throws SQLException {
        List<MappingRow> all = globalMappings(m);
        Plan.Builder plan = new Plan.Builder();
        List<UUID> batch = new ArrayList<>();
        if (m.list) {
            for (MappingRow r : all) {
                if ((m.online || batch.size() < m.batchSize) && r.shardId().equals(m.source) && "ONLINE".equals(r.status())
                        && Coalesce.intersects(r, m.spanLow, m.spanHigh)) {
                    plan.put(r.withStatus("OFFLINE"));
                    batch.add(r.id());
                }
            }
        } else {
            MappingRow r = null;
            for (MappingRow x : all) {
                if (r == null && x.shardId().equals(m.source) && "ONLINE".equals(x.status())
                        && Coalesce.intersects(x, m.spanLow, m.spanHigh)) {
                    r = x;
                }
            }
            if (r != null) {
                byte[] from = max(r.low(), m.spanLow);
                byte[] end = min(r.high(), m.spanHigh);
                byte[] to = m.online ? null : boundary(m, from, end);
                to = to == null ? end : to;
                plan.delete(m.source, r.id());
                if (KeyType.compareEncoded(r.low(), from) < 0) {
                    plan.put(new MappingRow(UUID.randomUUID(), m.mapId, m.source, r.low(), from, "ONLINE", 1));
                }
                MappingRow b = new MappingRow(UUID.randomUUID(), m.mapId, m.source, from, to, "OFFLINE", 1);
                plan.put(b);
                batch.add(b.id());
                if (to != null && (r.high() == null || KeyType.compareEncoded(to, r.high()) < 0)) {
                    plan.put(new MappingRow(UUID.randomUUID(), m.mapId, m.source, to, r.high(), "ONLINE", 1));
                }
            }
        }
        if (batch.isEmpty()) {
            m.plan = coalescePlan(m, all, false).encode();
            advance(m, Steps.COALESCE, "all batches moved; coalescing mappings");
            return;
        }
        m.plan = plan.build().encode();
        m.batch = join(batch);
        if (m.online) {
            advance(m, Steps.REPLICATING, "range chosen; replicating it while it stays writable");
        } else {
            advance(m, Steps.PLANNED, "next batch chosen");
        }
    }

    private Plan coalescePlan(MoveRecord m, List<MappingRow> all, boolean undo) {
        Plan.Builder p = new Plan.Builder();
        if (!m.list) {
            Coalesce.plan(p, all, m.target, m.doneLow, m.doneHigh);
            if (undo) {
                Coalesce.plan(p, all, m.source, m.undoLow, m.undoHigh);
            }
        }
        return p.build();
    }

    /** The smallest key above the next {@code batchSize} keys from {@code from}, or null if fewer remain. */
    private byte[] boundary(MoveRecord m, byte[] from, byte[] end) throws SQLException {
        byte[] best = null;
        List<Interval> rest = List.of(new Interval(from, end, false));
        {
            Connection src = shard(m, m.source);
            for (TableRef t : m.tables.sharded()) {
                String col = KeySql.comparable(m.keyType, KeySql.ident(t.keyColumn()));
                try (PreparedStatement ps = src.prepareStatement("select " + KeySql.ident(t.keyColumn()) + " from "
                        + t.qualified() + " where " + Copier.filter(m.keyType, t, rest) + " group by 1 order by "
                        + col + " offset " + m.batchSize + " limit 1"); ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        byte[] k = m.keyType.encode(rs.getObject(1));
                        best = best == null || KeyType.compareEncoded(k, best) < 0 ? k : best;
                    }
                }
            }
        }
        return best;
    }

    private void switchBatch(MoveRecord m) throws SQLException {
        List<MappingRow> batch = batch(m);
        {
            Connection tgt = shard(m, m.target);
            Fence.release(tgt, intervals(m, batch));
        }
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
            {
            Connection src = shard(m, m.source);
            Connection tgt = shard(m, m.target);
                Copier.deleteBatch(tgt, m.keyType, m.tables.sharded(), intervals(m, batch));
                Fence.lower(src, m.id, ids(batch));
            }
            Plan.Builder p = new Plan.Builder();
            for (MappingRow b : batch) {
                if (b.shardId().equals(m.source) && "OFFLINE".equals(b.status())) {
                    p.put(b.withStatus("ONLINE"));
                }
            }
            apply(m, p.build());
        }
        m.batch = "";
        m.plan = coalescePlan(m, globalMappings(m), true).encode();
        advance(m, Steps.UNDO_COALESCE, "batch rolled back; the source is in charge");
    }

    // ------------------------------------------------------------------ helpers

    private void apply(MoveRecord m, Plan plan) throws SQLException {
        if (plan.isEmpty()) {
            return;
        }
        store.withMapLocked(m.mapId, gsm -> {
            List<ShardRow> shards = MappingEdits.shards(gsm, m.mapId);
            for (UUID s : plan.shardOrder()) {
                List<UUID> del = new ArrayList<>();
                for (Plan.Del d : plan.deletes()) {
                    if (d.shard().equals(s)) {
                        del.add(d.mapping());
                    }
                }
                List<MappingRow> put = new ArrayList<>();
                for (MappingRow r : plan.puts()) {
                    if (r.shardId().equals(s)) {
                        put.add(r);
                    }
                }
                MappingEdits.local(connection(url(shards, s), s), del, put);
            }
            List<UUID> del = new ArrayList<>();
            for (Plan.Del d : plan.deletes()) {
                del.add(d.mapping());
            }
            MappingEdits.global(gsm, del, plan.puts());
            return null;
        });
    }

    void advance(MoveRecord m, String step, String detail) throws SQLException {
        hook.reached(step, false);
        m.step = step;
        m.detail = detail;
        save(m);
        hook.reached(step, true);
    }

    private void save(MoveRecord m) throws SQLException {
        try (Connection c = store.gsmConnection()) {
            MoveStore.save(c, m);
        }
    }

    private List<MappingRow> globalMappings(MoveRecord m) throws SQLException {
        try (Connection c = store.gsmConnection()) {
            return MappingEdits.globalMappings(c, m.mapId);
        }
    }

    private List<MappingRow> batch(MoveRecord m) throws SQLException {
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

    Connection gsm() throws SQLException {
        return store.gsmConnection();
    }

    java.util.Properties credentials() {
        return store.shardCredentials();
    }

    String urlOf(MoveRecord m, UUID shardId) throws SQLException {
        try (Connection g = store.gsmConnection()) {
            return url(MappingEdits.shards(g, m.mapId), shardId);
        }
    }

    private List<String> standbysOf(MoveRecord m, UUID shardId) throws SQLException {
        try (Connection g = store.gsmConnection()) {
            for (ShardRow s : MappingEdits.shards(g, m.mapId)) {
                if (s.id().equals(shardId)) {
                    return s.replicaUrls();
                }
            }
        }
        throw new MoveFailure("shard " + shardId + " is no longer in the map");
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoveFailure("interrupted");
        }
    }

    Connection shard(MoveRecord m, UUID shardId) throws SQLException {
        Connection c = open.get(shardId);
        if (c != null) {
            return c;
        }
        try (Connection g = store.gsmConnection()) {
            return connection(url(MappingEdits.shards(g, m.mapId), shardId), shardId);
        }
    }

    private Connection connection(String url, UUID shardId) throws SQLException {
        Connection c = open.get(shardId);
        if (c == null) {
            c = store.shard(url);
            open.put(shardId, c);
        }
        return c;
    }

    private void closeAll() {
        for (Connection c : open.values()) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a broken connection: nothing to do
            }
        }
        open.clear();
    }

    private static String url(List<ShardRow> shards, UUID id) {
        for (ShardRow s : shards) {
            if (s.id().equals(id)) {
                return s.primaryUrl();
            }
        }
        throw new MoveFailure("shard " + id + " is no longer in the map");
    }

    private static void unlock(Connection c, UUID id) {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, MOVE_LOCK_CLASS);
            ps.setInt(2, id.hashCode());
            ps.execute();
        } catch (SQLException e) {
            // the session is gone, and its lock with it
        }
    }

    private static boolean tryLock(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, MOVE_LOCK_CLASS);
            ps.setInt(2, id.hashCode());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static String join(List<UUID> ids) {
        StringBuilder sb = new StringBuilder();
        for (UUID id : ids) {
            sb.append(sb.length() == 0 ? "" : ",").append(id);
        }
        return sb.toString();
    }

    private static byte[] max(byte[] a, byte[] b) {
        return KeyType.compareEncoded(a, b) >= 0 ? a : b;
    }

    /** Minimum of two upper bounds, null meaning +infinity. */
    private static byte[] min(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return KeyType.compareEncoded(a, b) <= 0 ? a : b;
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
