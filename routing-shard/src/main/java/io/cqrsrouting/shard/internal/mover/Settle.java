package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.Validator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs after a batch switched and before the source deletes its rows: makes sure no connection
 * that was validated for the batch on the source, before the source gave it away, can read or
 * write there after the rows are gone.
 *
 * <p>A connection is validated by one statement and used by the application's next ones. The
 * deletion must therefore wait, on every node of the source (the primary and each standby of its
 * location), until (1) the node has replayed the switch — from then on a validation there fails —
 * and (2) no session of the node that was validated before that moment is still unused (idle, its
 * last statement the validation query, {@link Validator#MARK}) or inside a transaction that
 * began before it. Sessions still there after the grace period are terminated: their next
 * statement fails (retryable through the routing API) instead of finding nothing. A standby
 * snapshot cannot do this (a read-committed statement takes a new one), and a fixed delay counted
 * on the primary does not either (a lagging standby replays the switch and the deletion back to
 * back); waiting on each node for its own replay does.
 *
 * <p>A standby the mover cannot reach is skipped and named in the step's detail; one that is
 * reachable but has not replayed the switch within the replay timeout fails the step (resumable:
 * the rows stay, fenced, until it has).
 */
final class Settle {

    /** Sessions of this database validated before {@code ?} and unused since, or in a transaction begun before it. */
    private static final String PENDING = "/* cqrs-shard-settle */ select pid from pg_stat_activity"
            + " where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'"
            + " and ((state = 'idle' and state_change < ?::timestamptz and query like '" + Validator.MARK + "%')"
            + " or (state <> 'idle' and xact_start < ?::timestamptz and (state <> 'active' or xact_start < query_start)))";

    /** Opens a connection to a standby of the source. */
    interface Opener {
        Connection open(String url) throws SQLException;
    }

    /** What settling found, for the step's detail. */
    record Outcome(int terminated, int skipped) {
        String describe() {
            return (terminated > 0 ? "; " + terminated + " session(s) validated before the switch terminated" : "")
                    + (skipped > 0 ? "; " + skipped + " unreachable standby(s) of the source skipped" : "");
        }
    }

    private Settle() {
    }

    /**
     * @param primary the source primary (the switch is committed on it)
     * @param standbyUrls the source location's standbys
     * @param graceMillis how long validated sessions may stay before they are terminated
     * @param replayMillis how long a reachable standby may take to replay the switch
     */
    static Outcome await(Connection primary, List<String> standbyUrls, Opener opener, long graceMillis,
            long replayMillis) throws SQLException {
        String lsn = one(primary, "select pg_current_wal_lsn()::text");
        List<Connection> nodes = new ArrayList<>();
        List<String> since = new ArrayList<>();
        nodes.add(primary);
        since.add(one(primary, "select clock_timestamp()::text"));
        int skipped = 0;
        try {
            for (int i = 0; i < standbyUrls.size(); i++) {
                Connection s;
                try {
                    s = opener.open(standbyUrls.get(i));
                } catch (SQLException e) {
                    skipped++; // unreachable: it serves nobody now (see the class comment)
                    continue;
                }
                nodes.add(s);
                if (!replayed(s, lsn, i, replayMillis)) {
                    nodes.remove(nodes.size() - 1);
                    close(s); // not a standby (any more): it receives nothing from the source
                    continue;
                }
                since.add(one(s, "select clock_timestamp()::text"));
            }
            return new Outcome(drain(nodes, since, graceMillis), skipped);
        } finally {
            for (int i = 1; i < nodes.size(); i++) {
                close(nodes.get(i));
            }
        }
    }

    /** @return false if the node is not in recovery */
    private static boolean replayed(Connection s, String lsn, int index, long timeoutMillis) throws SQLException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            try (PreparedStatement ps = s.prepareStatement(
                    "select pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false)")) {
                ps.setString(1, lsn);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return false;
                    }
                    if (rs.getBoolean(2)) {
                        return true;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new MoveFailure("standby " + index + " of the source has not replayed the switch within "
                        + timeoutMillis + " ms: the source keeps the batch's rows until it has; resume the move");
            }
            MoveEngine.pause(5);
        }
    }

    private static int drain(List<Connection> nodes, List<String> since, long graceMillis) throws SQLException {
        long deadline = System.nanoTime() + graceMillis * 1_000_000L;
        int terminated = 0;
        int rounds = 0;
        while (true) {
            boolean pending = false;
            for (int i = 0; i < nodes.size(); i++) {
                List<Integer> pids = pending(nodes.get(i), since.get(i));
                pending |= !pids.isEmpty();
                if (!pids.isEmpty() && System.nanoTime() > deadline) {
                    terminated += terminate(nodes.get(i), pids);
                }
            }
            if (!pending) {
                return terminated;
            }
            if (System.nanoTime() > deadline && ++rounds > 3) {
                throw new MoveFailure("sessions validated before the switch survive pg_terminate_backend on the"
                        + " source (does the mover's user have pg_signal_backend?); resume the move");
            }
            MoveEngine.pause(5);
        }
    }

    private static List<Integer> pending(Connection c, String since) throws SQLException {
        List<Integer> pids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PENDING)) {
            ps.setString(1, since);
            ps.setString(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
        }
        return pids;
    }

    private static int terminate(Connection c, List<Integer> pids) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("select pg_terminate_backend(?, 5000)")) {
            for (int pid : pids) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    n += rs.next() && rs.getBoolean(1) ? 1 : 0;
                }
            }
        }
        return n;
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }
}
