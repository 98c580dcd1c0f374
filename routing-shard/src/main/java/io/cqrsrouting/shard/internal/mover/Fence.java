package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.Ddl;
import io.cqrsrouting.shard.internal.KeyType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The write fence in a shard database. A row trigger on every sharded table refuses a write whose
 * key (before or after the change) lies in a range listed in {@code cqrs_shard_lsm.fences}, with
 * SQLState {@value #SQLSTATE} (class 40: the transaction is rolled back, retry it). Because it
 * runs in the database, it stops every writer: transactions and autocommit connections checked
 * out before the mapping went offline, and clients that skip validation.
 *
 * <p>A fence row is committed first; then {@link Drain} waits for every transaction that could
 * still commit a write without having seen it (one started before the fence that holds a
 * transaction id or a snapshot), and terminates those still running after the drain timeout, so
 * their writes roll back. Only then is the source's position taken: nothing for the range commits
 * on the source after it. A source keeps its fence rows after a switch (the range is no longer its
 * own); a shard that receives a range drops the fences covering it. The mover's own sessions pass
 * the fence by setting {@code cqrs_shard.mover} locally in their transaction.
 */
public final class Fence {

    /** SQLState of a write refused by the fence. */
    public static final String SQLSTATE = "40CQ1";
    static final String TABLE = Ddl.LSM + ".fences";
    /** Advisory lock class of a move's cutover (object: {@code hashtext} of the move id). */
    static final int CUTOVER_LOCK = 0x43515255;
    /** The longest a fenced write waits for a running cutover before it is refused. */
    static final int CUTOVER_WAIT_MILLIS = 250;

    private Fence() {
    }

    /** Creates the fence table and the triggers of the sharded tables if missing (idempotent). */
    static void install(Connection c, KeyType type, List<TableRef> sharded) throws SQLException {
        inTransaction(c, () -> {
            try (Statement s = c.createStatement()) {
                s.execute("select pg_advisory_xact_lock(1129468499, 7)");
                // creating a trigger waits for every open writer of the table: give up rather than queue
                // everybody's writes behind a long transaction (the move then fails to start, naming it)
                s.execute("set local lock_timeout = '5s'");
                s.execute("create schema if not exists " + Ddl.LSM);
                s.execute("create table if not exists " + TABLE + " (move_id uuid not null, mapping_id uuid not null,"
                        + " low bytea not null, high bytea, fenced_at timestamptz, primary key (move_id, mapping_id))");
                // the stamp (see #stamp): only transactions begun after it wait for a cutover. Added to a
                // fence table of an earlier version only if missing: ALTER TABLE takes an exclusive lock
                // even when the column exists, and every writer of a sharded table reads this table
                if (!columnExists(c, "fenced_at")) {
                    s.execute("alter table " + TABLE + " add column fenced_at timestamptz");
                }
                for (TableRef t : sharded) {
                    // the function is replaced at every install (a newer library's body takes effect);
                    // the trigger is created only if missing (that waits for the table's open writers)
                    s.execute(function(type, t));
                    if (!triggerExists(c, t)) {
                        s.execute("create or replace trigger cqrs_shard_fence before insert or update or delete on "
                                + t.qualified() + " for each row execute function " + Ddl.LSM + "."
                                + KeySql.ident(functionName(t)) + "()");
                    }
                }
                TruncateGuard.install(c, sharded); // row triggers do not see TRUNCATE
            }
        });
    }

    /**
     * The fence trigger's function. A write outside every fence costs one lookup per fence check (the
     * fence table is tiny). A write inside a fence is refused; if the move is cutting the range over
     * right now (its mover holds the cutover lock, see {@link #CUTOVER_LOCK}) and the writer's
     * transaction began at or after the fence row's stamp ({@link #stamp}), the refusal first waits, at most
     * {@value #CUTOVER_WAIT_MILLIS} ms, for the cutover to end: the writer then retries once against
     * the switched map instead of spinning on refusals while the mover needs the CPU and the
     * database. Waiting changes nothing about what is refused: the write is refused either way (also
     * when the wait is cut short by the session's own statement timeout or a cancel). A
     * transaction begun before the fence is refused at once: the {@link Drain} waits for it to end,
     * so it must never wait for the mover.
     */
    private static String function(KeyType type, TableRef t) {
        String newKey = KeySql.encode(type, "new." + KeySql.ident(t.keyColumn()));
        String oldKey = KeySql.encode(type, "old." + KeySql.ident(t.keyColumn()));
        return "create or replace function " + Ddl.LSM + "." + KeySql.ident(functionName(t)) + "() returns trigger"
                + " language plpgsql as $f$ declare m uuid; at timestamptz; begin"
                + " if coalesce(current_setting('cqrs_shard.mover', true), '') <> 'on' then"
                + " if tg_op <> 'DELETE' then select f.move_id, f.fenced_at into m, at from " + TABLE + " f where "
                + newKey + " >= f.low and (f.high is null or " + newKey + " < f.high) limit 1; end if;"
                + " if m is null and tg_op <> 'INSERT' then select f.move_id, f.fenced_at into m, at from " + TABLE
                + " f where " + oldKey + " >= f.low and (f.high is null or " + oldKey + " < f.high) limit 1; end if;"
                + " if m is not null then"
                + " if at is not null and now() >= at then"
                + " perform set_config('lock_timeout', '" + CUTOVER_WAIT_MILLIS + "ms', true);"
                + " begin perform pg_advisory_xact_lock_shared(" + CUTOVER_LOCK + ", hashtext(m::text));"
                + " exception when lock_not_available or query_canceled then null; end; end if;"
                + " raise exception using errcode = '" + SQLSTATE + "', message = 'cqrs-routing: the shard"
                + " mapping of this key is offline for a move or moved away; retry through the routing API';"
                + " end if; end if; if tg_op = 'DELETE' then return old; end if; return new; end $f$";
    }

    /**
     * Takes the move's cutover lock on the source if it is free (never waits): from now until
     * {@link #endCutover}, writes the fence refuses wait for it instead of being refused at once
     * (those of transactions begun at or after the fence's stamp: see {@link #function}).
     *
     * @return whether it was taken (if not, refused writers just retry as before)
     */
    static boolean beginCutover(Connection c, UUID moveId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(" + CUTOVER_LOCK
                + ", hashtext(?::text))")) {
            ps.setString(1, moveId.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Stamps a move's committed fence rows with this statement's start, which follows their commit
     * (an autocommit statement, committed without waiting for its WAL flush like the fence). From
     * then on a transaction begun at or after the stamp waits for a running cutover before it is
     * refused; one begun earlier is refused at once. The {@link Drain} must wait for exactly the
     * transactions begun before the stamp, so it is given the stamp as its starting point: it never
     * waits for a session that is waiting for the mover.
     *
     * @return the stamp, as the server's text of a timestamptz
     */
    static String stamp(Connection c, UUID moveId) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            return stampStatement(c, moveId);
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * Clears a move's stamp (autocommit, before its cutover lock is taken): a resumed cutover's fence
     * rows carry the previous run's stamp, and a transaction begun after that one must not wait for
     * the new run's lock while the new run's drain, starting from its own stamp, waits for it.
     */
    static void clearStamp(Connection c, UUID moveId) throws SQLException {
        if (!tableExists(c)) {
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement("update " + TABLE + " set fenced_at = null"
                + " where move_id = ? and fenced_at is not null")) {
            ps.setObject(1, moveId);
            ps.executeUpdate();
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** {@link #stamp}'s statement, in the caller's transaction or autocommit. */
    static String stampStatement(Connection c, UUID moveId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + TABLE + " set fenced_at = statement_timestamp()"
                + " from (select set_config('synchronous_commit', 'off', true)) s where move_id = ?"
                + " returning statement_timestamp()::text")) {
            ps.setObject(1, moveId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new MoveFailure("the fence rows of move " + moveId + " are missing on the source");
                }
                return rs.getString(1);
            }
        }
    }

    /** Releases the cutover lock taken by {@link #beginCutover} (a lost session released it already). */
    static void endCutover(Connection c, UUID moveId) {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock(" + CUTOVER_LOCK
                + ", hashtext(?::text))")) {
            ps.setString(1, moveId.toString());
            ps.execute();
        } catch (SQLException e) {
            // the session is gone, and its lock with it
        }
    }

    private static boolean columnExists(Connection c, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pg_attribute where attrelid = to_regclass(?)"
                + " and attname = ? and not attisdropped")) {
            ps.setString(1, TABLE);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean triggerExists(Connection c, TableRef t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pg_trigger where tgname = 'cqrs_shard_fence'"
                + " and tgrelid = to_regclass(?)")) {
            ps.setString(1, t.qualified());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String functionName(TableRef t) {
        String base = (t.schema() + "_" + t.table()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        return "fence_" + base + "_" + Integer.toHexString(t.qualified().hashCode());
    }

    /** Commits fence rows for the given mappings of a move (idempotent). */
    static void raise(Connection c, UUID moveId, List<UUID> mappings, List<Interval> intervals) throws SQLException {
        inTransaction(c, () -> {
            try (PreparedStatement ps = c.prepareStatement("insert into " + TABLE + " (move_id, mapping_id, low, high)"
                    + " values (?, ?, ?, ?) on conflict do nothing")) {
                for (int i = 0; i < mappings.size(); i++) {
                    ps.setObject(1, moveId);
                    ps.setObject(2, mappings.get(i));
                    ps.setBytes(3, intervals.get(i).low());
                    if (intervals.get(i).high() == null) {
                        ps.setNull(4, Types.BINARY);
                    } else {
                        ps.setBytes(4, intervals.get(i).high());
                    }
                    ps.executeUpdate();
                }
            }
        });
    }

    /** Removes a move's fence rows of the given mappings (cancel before the switch). */
    static void lower(Connection c, UUID moveId, List<UUID> mappings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from " + TABLE + " where move_id = ? and mapping_id = ?")) {
            for (UUID m : mappings) {
                ps.setObject(1, moveId);
                ps.setObject(2, m);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Drops the parts of older fences that cover ranges this shard now receives, keeping the rest
     * of each fence (a fence row may be wider than the received interval).
     */
    static void release(Connection c, List<Interval> received) throws SQLException {
        if (!tableExists(c)) {
            return;
        }
        inTransaction(c, () -> releaseInTransaction(c, received));
    }

    /** Like {@link #release}, inside the caller's transaction, on a shard whose fence table exists. */
    static void releaseInTransaction(Connection c, List<Interval> received) throws SQLException {
        for (Interval in : received) {
            List<Object[]> overlapping = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select move_id, mapping_id, low, high from " + TABLE
                    + " where (high is null or high > ?) and (cast(? as bytea) is null or low < ?) for update")) {
                ps.setBytes(1, in.low());
                ps.setBytes(2, in.high());
                ps.setBytes(3, in.high());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        overlapping.add(new Object[] {rs.getObject(1), rs.getObject(2), rs.getBytes(3), rs.getBytes(4)});
                    }
                }
            }
            for (Object[] f : overlapping) {
                try (PreparedStatement del = c.prepareStatement("delete from " + TABLE
                        + " where move_id = ? and mapping_id = ?")) {
                    del.setObject(1, f[0]);
                    del.setObject(2, f[1]);
                    del.executeUpdate();
                }
                byte[] low = (byte[]) f[2];
                byte[] high = (byte[]) f[3];
                if (KeyType.compareEncoded(low, in.low()) < 0) {
                    insertPiece(c, low, in.low());
                }
                if (in.high() != null && (high == null || KeyType.compareEncoded(in.high(), high) < 0)) {
                    insertPiece(c, in.high(), high);
                }
            }
        }
    }

    private static void insertPiece(Connection c, byte[] low, byte[] high) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + TABLE + " (move_id, mapping_id, low, high)"
                + " values (?, ?, ?, ?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, UUID.randomUUID());
            ps.setBytes(3, low);
            if (high == null) {
                ps.setNull(4, Types.BINARY);
            } else {
                ps.setBytes(4, high);
            }
            ps.executeUpdate();
        }
    }

    private static boolean tableExists(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select to_regclass('" + TABLE + "') is not null")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    interface Work {
        void run() throws SQLException;
    }

    static void inTransaction(Connection c, Work w) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            w.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
