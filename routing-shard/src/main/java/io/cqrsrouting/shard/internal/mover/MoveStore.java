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
import java.util.UUID;

/** The {@code moves} table of the shard-map-manager database: state, step and progress of every move. */
public final class MoveStore {

    static final String T = Ddl.GSM + ".moves";
    private static final String COLS = "move_id, map_id, map_name, kind, list, key_type, source_shard, target_shard,"
            + " span_low, span_high, done_low, done_high, undo_low, undo_high, batch_size, tables, drain_millis,"
            + " state, step, plan, batch, rows_total, rows_copied, cancel, detail, online, catchup_millis, sync_millis";

    private MoveStore() {
    }

    /** Creates the table if missing. */
    public static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table if not exists " + T + " (move_id uuid primary key, map_id uuid not null,"
                    + " map_name varchar(128) not null, kind varchar(8) not null, list boolean not null,"
                    + " key_type varchar(16) not null, source_shard uuid not null, target_shard uuid not null,"
                    + " span_low bytea not null, span_high bytea, done_low bytea, done_high bytea, undo_low bytea,"
                    + " undo_high bytea, batch_size int not null, tables text not null, drain_millis bigint not null,"
                    + " state varchar(12) not null, step varchar(16) not null, plan text not null, batch text not null,"
                    + " rows_total bigint not null, rows_copied bigint not null, cancel boolean not null,"
                    + " detail varchar(1000) not null, created timestamptz not null default now(),"
                    + " updated timestamptz not null default now())");
            // columns added after the first release: an older table gains them with offline defaults
            s.execute("alter table " + T + " add column if not exists online boolean not null default false,"
                    + " add column if not exists catchup_millis bigint not null default 30000,"
                    + " add column if not exists sync_millis bigint not null default 1800000");
        }
    }

    public static void insert(Connection c, MoveRecord m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + T + " (" + COLS + ") values"
                + " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 0;
            ps.setObject(++i, m.id);
            ps.setObject(++i, m.mapId);
            ps.setString(++i, m.mapName);
            ps.setString(++i, m.kind);
            ps.setBoolean(++i, m.list);
            ps.setString(++i, m.keyType.name());
            ps.setObject(++i, m.source);
            ps.setObject(++i, m.target);
            for (byte[] b : new byte[][] {m.spanLow, m.spanHigh, m.doneLow, m.doneHigh, m.undoLow, m.undoHigh}) {
                if (b == null) {
                    ps.setNull(++i, Types.BINARY);
                } else {
                    ps.setBytes(++i, b);
                }
            }
            ps.setInt(++i, m.batchSize);
            ps.setString(++i, m.tables.encode());
            ps.setLong(++i, m.drainMillis);
            ps.setString(++i, m.state);
            ps.setString(++i, m.step);
            ps.setString(++i, m.plan);
            ps.setString(++i, m.batch);
            ps.setLong(++i, m.rowsTotal);
            ps.setLong(++i, m.rowsCopied);
            ps.setBoolean(++i, m.cancel);
            ps.setString(++i, m.detail);
            ps.setBoolean(++i, m.online);
            ps.setLong(++i, m.catchUpMillis);
            ps.setLong(++i, m.syncMillis);
            ps.executeUpdate();
        }
    }

    /** Persists state, step, plan, batch, progress and detail (not the cancel flag, which others set). */
    /**
     * Persists the move's progress and reads back, in the same statement, whether a cancel was
     * requested meanwhile (into {@code m.cancel}).
     */
    public static void save(Connection c, MoveRecord m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + T + " set state = ?, step = ?, plan = ?, batch = ?,"
                + " rows_total = ?, rows_copied = ?, detail = ?, updated = now() where move_id = ? returning cancel")) {
            ps.setString(1, m.state);
            ps.setString(2, m.step);
            ps.setString(3, m.plan);
            ps.setString(4, m.batch);
            ps.setLong(5, m.rowsTotal);
            ps.setLong(6, m.rowsCopied);
            ps.setString(7, m.detail.length() > 1000 ? m.detail.substring(0, 1000) : m.detail);
            ps.setObject(8, m.id);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                m.cancel |= rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Asks the move to stop and roll back its current batch (honoured before the switch). */
    public static boolean requestCancel(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + T + " set cancel = true, updated = now()"
                + " where move_id = ? and state in ('RUNNING', 'FAILED')")) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    public static MoveRecord load(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLS + " from " + T + " where move_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    /** @return ids of moves of a map that are neither completed nor cancelled */
    public static List<UUID> unfinished(Connection c, UUID mapId) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select move_id from " + T + " where map_id = ?"
                + " and state in ('RUNNING', 'FAILED') order by created")) {
            ps.setObject(1, mapId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    private static MoveRecord read(ResultSet rs) throws SQLException {
        MoveRecord m = new MoveRecord();
        int i = 0;
        m.id = rs.getObject(++i, UUID.class);
        m.mapId = rs.getObject(++i, UUID.class);
        m.mapName = rs.getString(++i);
        m.kind = rs.getString(++i);
        m.list = rs.getBoolean(++i);
        m.keyType = KeyType.valueOf(rs.getString(++i));
        m.source = rs.getObject(++i, UUID.class);
        m.target = rs.getObject(++i, UUID.class);
        m.spanLow = rs.getBytes(++i);
        m.spanHigh = rs.getBytes(++i);
        m.doneLow = rs.getBytes(++i);
        m.doneHigh = rs.getBytes(++i);
        m.undoLow = rs.getBytes(++i);
        m.undoHigh = rs.getBytes(++i);
        m.batchSize = rs.getInt(++i);
        m.tables = MoveTables.decode(rs.getString(++i));
        m.drainMillis = rs.getLong(++i);
        m.state = rs.getString(++i);
        m.step = rs.getString(++i);
        m.plan = rs.getString(++i);
        m.batch = rs.getString(++i);
        m.rowsTotal = rs.getLong(++i);
        m.rowsCopied = rs.getLong(++i);
        m.cancel = rs.getBoolean(++i);
        m.detail = rs.getString(++i);
        m.online = rs.getBoolean(++i);
        m.catchUpMillis = rs.getLong(++i);
        m.syncMillis = rs.getLong(++i);
        return m;
    }
}
