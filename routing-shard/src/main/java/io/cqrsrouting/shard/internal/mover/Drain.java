package io.cqrsrouting.shard.internal.mover;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, after a fence row committed, for every transaction of the source database that could still
 * commit a write to the fenced range without having seen the fence; one query per poll.
 *
 * <p>Pending are: sessions whose transaction began before a given moment after the fence's commit
 * (the fence's stamp, see {@link Fence#stamp}; without one, the first poll's start) and holds a
 * transaction id or a snapshot — a statement or transaction begun later sees the fence row, so its
 * writes are refused; and <b>prepared</b> (two-phase) transactions, which
 * have no session and no start time: one prepared before the sessions were found drained may hold
 * writes made before the fence and commit at any time ({@code COMMIT PREPARED}). The sessions are
 * read first and the prepared transactions after, in the same statement: an old transaction that
 * prepares in between is either still a session or already prepared. Once no old session is left,
 * the moment is fixed and only transactions prepared before it are waited for, so new two-phase
 * traffic cannot hold the drain.
 *
 * <p>Old sessions still there after the timeout are terminated (their writes roll back); a prepared
 * transaction cannot be (only its coordinator knows whether it must commit), so the step fails,
 * resumably, naming how many there are. With a {@code markMove}, the same statement that finds
 * nothing pending commits the move's replication marker (see {@link Replication#mark}), so the
 * marker's commit follows every write to the range in the source's WAL, at no extra round trip
 * (the online cutover's resumed runs; its fast path commits the marker in its own statement once
 * the drain returned, see {@link Cutover}).
 */
final class Drain {

    /** ?1 since (null: this statement's start), ?2 drained-at (null: now); then the tail's parameters. */
    private static final String PENDING = "with s as materialized (select array(select pid from pg_stat_activity"
            + " where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'"
            + " and xact_start < coalesce(?::timestamptz, statement_timestamp())"
            + " and (backend_xid is not null or backend_xmin is not null)) as pids, clock_timestamp() as seen),"
            + " p as materialized (select s.pids, s.seen, case when cardinality(s.pids) = 0 then (select count(*)"
            + " from pg_prepared_xacts x where x.database = current_database()"
            + " and x.prepared < coalesce(?::timestamptz, clock_timestamp())) else -1 end as prepared from s)";
    /** Offline: nothing else. */
    private static final String POLL = PENDING + " select statement_timestamp()::text, p.pids, p.seen::text,"
            + " p.prepared, 0, false from p";
    /**
     * Online: ?3 move id, ?4 marker value, ?5 slot name; the marker is committed by this statement
     * when nothing is pending (the insert sees the same counts).
     */
    private static final String POLL_AND_MARK = PENDING + ", m as (insert into " + Replication.MARKS
            + " (move_id, mark) select ?, ? from p where p.prepared = 0"
            + " on conflict (move_id) do update set mark = excluded.mark returning 1)"
            + " select statement_timestamp()::text, p.pids, p.seen::text, p.prepared, (select count(*) from m),"
            + " exists (select 1 from pg_replication_slots where slot_name = ?) from p";

    /** What the drain found. */
    record Result(int terminated, long mark, boolean slot) {
    }

    private Drain() {
    }

    /** Runs one poll (it changes nothing): the planning and catalog lookups a session's first poll pays. */
    static void warm(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(POLL)) {
            ps.setString(1, null);
            ps.setString(2, null);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    /** Drains without a marker (offline strategy). */
    static int await(Connection c, long timeoutMillis) throws SQLException {
        return await(c, timeoutMillis, null, "", null).terminated();
    }

    /**
     * @param markMove the move whose marker to commit once drained, or null
     * @param slot the replication slot whose existence to report (online)
     * @param fencedAt a server timestamp taken after the fence committed (see {@link Fence#stamp}):
     *     transactions begun before it are waited for; null: the first poll's own start
     * @return the sessions terminated, the marker committed (0 if none) and whether the slot exists
     */
    static Result await(Connection c, long timeoutMillis, UUID markMove, String slot, String fencedAt)
            throws SQLException {
        long mark = markMove == null ? 0 : System.nanoTime();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        String since = fencedAt;
        String drainedAt = null;
        int terminated = 0;
        int rounds = 0;
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement(markMove == null ? POLL : POLL_AND_MARK)) {
            while (true) {
                ps.setString(1, since);
                ps.setString(2, drainedAt);
                if (markMove != null) {
                    ps.setObject(3, markMove);
                    ps.setLong(4, mark);
                    ps.setString(5, slot);
                }
                int[] pids;
                long prepared;
                boolean marked;
                boolean slotThere;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    since = since == null ? rs.getString(1) : since;
                    pids = ints(rs.getArray(2));
                    prepared = rs.getLong(4);
                    if (pids.length == 0 && drainedAt == null) {
                        drainedAt = rs.getString(3);
                    }
                    marked = rs.getLong(5) > 0;
                    slotThere = rs.getBoolean(6);
                }
                if (pids.length == 0 && prepared == 0) {
                    return new Result(terminated, marked ? mark : 0, slotThere);
                }
                if (System.nanoTime() > deadline) {
                    if (pids.length == 0) {
                        throw new MoveFailure("cannot drain the fence: " + prepared + " prepared transaction(s) of"
                                + " the source older than the fence are still pending after " + timeoutMillis
                                + " ms (pg_prepared_xacts: their coordinator must COMMIT or ROLLBACK PREPARED them);"
                                + " resume the move then, or cancel it");
                    }
                    if (++rounds > 2) {
                        throw new SQLException("cannot drain the fence: " + pids.length + " session(s) survive"
                                + " pg_terminate_backend (does the mover's user have pg_signal_backend?)", "55000");
                    }
                    terminated += terminate(c, pids);
                    // terminated sessions are gone once pg_terminate_backend(pid, timeout) returned; poll again
                    deadline = System.nanoTime() + 10_000_000_000L;
                } else {
                    // writes to the range are refused meanwhile: poll often (one cheap statement)
                    LockSupport.parkNanos(200_000);
                    if (Thread.interrupted()) {
                        Thread.currentThread().interrupt();
                        throw new SQLException("interrupted while draining the fence", "57014");
                    }
                }
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static int terminate(Connection c, int[] pids) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("select pg_terminate_backend(?, 5000)")) {
            for (int pid : pids) {
                ps.setInt(1, pid);
                ps.execute();
                n++;
            }
        }
        return n;
    }

    private static int[] ints(Array a) throws SQLException {
        if (a == null) {
            return new int[0];
        }
        Object[] values = (Object[]) a.getArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).intValue();
        }
        return out;
    }
}
