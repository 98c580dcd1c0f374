package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.ShardMapStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** The start of a move ({@link MoveEngine#start}): grants, preconditions, guards and fences, the move's row. */
final class MoveStart {

    private final ShardMapStore store;
    private final MoveLinks links;

    MoveStart(ShardMapStore store, MoveLinks links) {
        this.store = store;
        this.links = links;
    }

    /**
     * Checks the preconditions, prepares both shards (fence table and triggers) and persists the move.
     *
     * @param moving the intervals that will move (for the target-empty check)
     * @throws MoveFailure naming every problem found
     */
    void run(MoveRecord m, List<Interval> moving) throws SQLException {
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
                persisted = true; // the insert committed: from now on the move exists and keeps its guards
            }
        } catch (SQLException | RuntimeException | Error e) {
            if (guarded && !persisted) {
                // the move never existed: TRUNCATE is allowed again; if that failed, the caller is told
                String left = lowerGuards(m);
                if (left != null) {
                    e.addSuppressed(new MoveFailure(left));
                }
            }
            throw e;
        } finally {
            links.closeAll();
        }
    }

    /**
     * Removes the move's TRUNCATE guard from both shards (best effort: the start failed already).
     *
     * @return what could not be removed (a guard row nothing else will remove), or null
     */
    private String lowerGuards(MoveRecord m) {
        String left = null;
        for (UUID shard : new UUID[] {m.source, m.target}) {
            try {
                TruncateGuard.lower(links.shard(m, shard), m.id);
            } catch (SQLException | RuntimeException e) {
                left = "the TRUNCATE guard of move " + m.id + " may remain in cqrs_shard_lsm.move_guards of shard "
                        + shard + " (" + e.getClass().getSimpleName() + "); delete its row there to allow TRUNCATE";
            }
        }
        return left;
    }
}
