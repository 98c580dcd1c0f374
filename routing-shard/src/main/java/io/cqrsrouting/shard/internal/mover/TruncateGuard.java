package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.Ddl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Refuses {@code TRUNCATE} of a sharded table while a move involves the shard. The row fence of
 * {@link Fence} does not see a {@code TRUNCATE} (row triggers do not fire for it), and logical
 * replication does not carry it (the publication of an online move leaves it out: it would empty
 * the whole table on the target, not just the moving range). Left alone, a {@code TRUNCATE} on the
 * source during a move would lose rows (truncated after the copy, yet alive on the target after the
 * switch) or resurrect them; one on the target would drop rows already copied there. So from the
 * moment a move is started until it completes or is rolled back, a statement-level
 * {@code BEFORE TRUNCATE} trigger on every sharded table of both shards refuses it with SQLState
 * {@value #SQLSTATE}, naming the move and its map. A row in {@code cqrs_shard_lsm.move_guards} per
 * move says which moves are in progress on the shard; a {@code TRUNCATE} is possible again when the
 * last one is gone. {@code DELETE} stays possible (fenced and replicated like any write).
 */
final class TruncateGuard {

    /** SQLState of a refused {@code TRUNCATE}: class 55, object not in prerequisite state. */
    static final String SQLSTATE = "55CQ2";
    static final String TABLE = Ddl.LSM + ".move_guards";
    static final String TRIGGER = "cqrs_shard_no_truncate";
    private static final String FUNCTION = Ddl.LSM + ".refuse_truncate_during_move";

    private TruncateGuard() {
    }

    /**
     * Records that move {@code moveId} of map {@code mapName} is in progress on this shard (creating
     * the guard table if missing; idempotent). Called before the triggers are installed, so a
     * concurrent cleanup of another move never removes triggers this move is about to rely on.
     */
    static void raise(Connection c, UUID moveId, String mapName) throws SQLException {
        Fence.inTransaction(c, () -> {
            try (Statement s = c.createStatement()) {
                s.execute("select pg_advisory_xact_lock(1129468499, 7)");
                s.execute("create schema if not exists " + Ddl.LSM);
                s.execute("create table if not exists " + TABLE + " (move_id uuid primary key, map_name text not null)");
            }
            try (PreparedStatement ps = c.prepareStatement("insert into " + TABLE + " values (?, ?) on conflict do nothing")) {
                ps.setObject(1, moveId);
                ps.setString(2, mapName);
                ps.executeUpdate();
            }
        });
    }

    /**
     * Creates the trigger function and the {@code BEFORE TRUNCATE} trigger of each sharded table if
     * missing; runs inside {@link Fence#install}'s transaction (same lock, same lock timeout).
     */
    static void install(Connection c, List<TableRef> sharded) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table if not exists " + TABLE + " (move_id uuid primary key, map_name text not null)");
            boolean functionMade = false;
            for (TableRef t : sharded) {
                if (exists(c, t)) {
                    continue;
                }
                if (!functionMade) {
                    s.execute("create or replace function " + FUNCTION + "() returns trigger language plpgsql as $f$"
                            + " declare g record; begin"
                            + " select move_id, map_name into g from " + TABLE + " order by move_id limit 1;"
                            + " if found then raise exception using errcode = '" + SQLSTATE + "', message = format("
                            + "'cqrs-routing: TRUNCATE of %I.%I is refused while move %s of shard map %s is in progress"
                            + " (from its start until it completes or is cancelled); delete the rows instead, or wait"
                            + " for the move to end', tg_table_schema, tg_table_name, g.move_id, g.map_name);"
                            + " end if; return null; end $f$");
                    functionMade = true;
                }
                s.execute("create trigger " + TRIGGER + " before truncate on " + t.qualified()
                        + " for each statement execute function " + FUNCTION + "()");
            }
        }
    }

    /** Removes the move's guard row, if the guard table exists (completion and rollback; idempotent). */
    static void lower(Connection c, UUID moveId) throws SQLException {
        if (!tableExists(c, TABLE)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("delete from " + TABLE + " where move_id = ?")) {
            ps.setObject(1, moveId);
            ps.executeUpdate();
        }
    }

    /**
     * After a rollback: if no move is in progress on this shard any more (no guard row) and no fence
     * row is left (no range was ever given away from here), drops the fence and truncate triggers of
     * the sharded tables, so the shard is as it was before the move. Under the lock {@link #raise} and
     * {@link Fence#install} take; gives up (keeping the triggers, which refuse nothing without rows)
     * rather than wait behind a long transaction for the table locks.
     *
     * @return true if the triggers are gone (or were never there)
     */
    static boolean dropTriggersIfUnused(Connection c, List<TableRef> sharded) throws SQLException {
        if (!tableExists(c, Fence.TABLE) && !tableExists(c, TABLE)) {
            return true;
        }
        try {
            Fence.inTransaction(c, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("select pg_advisory_xact_lock(1129468499, 7)");
                    s.execute("set local lock_timeout = '2s'");
                    if (inUse(c)) {
                        throw new SQLException("in use", "CQKEEP");
                    }
                    for (TableRef t : sharded) {
                        if (tableExists(c, t.qualified())) {
                            s.execute("drop trigger if exists cqrs_shard_fence on " + t.qualified());
                            s.execute("drop trigger if exists " + TRIGGER + " on " + t.qualified());
                            s.execute("drop function if exists " + Ddl.LSM + "." + KeySql.ident(Fence.functionName(t)) + "()");
                        }
                    }
                }
            });
            return true;
        } catch (SQLException e) {
            if ("CQKEEP".equals(e.getSQLState()) || "55P03".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static boolean inUse(Connection c) throws SQLException {
        for (String table : new String[] {Fence.TABLE, TABLE}) {
            if (tableExists(c, table)) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1 from " + table + " limit 1")) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean exists(Connection c, TableRef t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pg_trigger where tgname = '" + TRIGGER + "'"
                + " and tgrelid = to_regclass(?)")) {
            ps.setString(1, t.qualified());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean tableExists(Connection c, String qualified) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select to_regclass(?) is not null")) {
            ps.setString(1, qualified);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
