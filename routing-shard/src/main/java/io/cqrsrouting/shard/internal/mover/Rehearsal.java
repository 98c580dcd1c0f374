package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.Leases;
import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The online cutover's statements run once, just before the fence, in transactions that roll back
 * on each database (source, target, shard-map manager). A session's first run of a statement pays
 * for planning it and for loading the catalog entries it touches (the drain's view of the server's
 * sessions, the local and global maps, the fence table): several milliseconds each on a busy
 * server, which would otherwise be spent while writes to the range wait. Nothing is committed: a
 * writer or a client reading a map never sees a rehearsed change (plain reads do not wait for the
 * row locks held meanwhile, and only the mover changes these rows, under the map's lock). A local
 * map that revokes validation leases on change is not rehearsed: its trigger would end the
 * application's leased sessions even for a change that is rolled back.
 */
final class Rehearsal {

    private Rehearsal() {
    }

    static void run(Connection src, Connection tgt, Connection gsm, MoveRecord m, List<MappingRow> batch,
            List<Interval> range) throws SQLException {
        Plan plan = Switch.plan(m, batch);
        rolledBack(src, () -> {
            if (batch.size() == 1) {
                Cutover.insertFence(src, m, batch, range);
                Fence.stampStatement(src, m.id);
            }
            Drain.warm(src);
            if (!Leases.revokesOnChange(src)) {
                Cutover.carveOutStatement(src, m, batch, new long[1]);
            }
        });
        rolledBack(tgt, () -> {
            Replication.caughtUp(tgt, m.id, 0);
            if (!Leases.revokesOnChange(tgt)) {
                Switch.targetInTransaction(tgt, m, plan, range);
            }
        });
        rolledBack(gsm, () -> {
            Switch.globalInTransaction(gsm, plan);
            MoveStore.save(gsm, m);
        });
    }

    private static void rolledBack(Connection c, Fence.Work w) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            w.run();
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }
}
