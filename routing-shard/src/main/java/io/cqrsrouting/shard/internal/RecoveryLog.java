package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.RecoveryStep.Action;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.StepHook.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The log of repairs (detach, attach, resolve, failover) in the GSM: a repair's steps are written
 * in one GSM transaction before any of them runs; then the shard steps run (one transaction per
 * shard database), then the GSM steps and the deletion of the log rows in one GSM transaction.
 * A repair interrupted anywhere is redone from its first step by the next change of the same map
 * or the next manager start ({@link ShardMapStore#recoverAll}); every step is idempotent.
 */
final class RecoveryLog {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryLog.class);
    static final String TABLE = Ddl.GSM + ".recovery_steps";
    private static final String COLUMNS = "op_id, seq, map_id, op_kind, target, best_effort, action, shard_id,"
            + " primary_url, replica_urls, shard_version, mapping_id, low, high, status, version";

    /** A logged repair: its id, kind and steps in order. */
    record Repair(UUID id, UUID mapId, String kind, List<RecoveryStep> steps) {
    }

    private RecoveryLog() {
    }

    static void insert(Connection c, Repair r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + TABLE + " (" + COLUMNS + ") values"
                + " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int seq = 0;
            for (RecoveryStep s : r.steps()) {
                ps.setObject(1, r.id());
                ps.setInt(2, seq++);
                ps.setObject(3, r.mapId());
                ps.setString(4, r.kind());
                ps.setString(5, s.target());
                ps.setBoolean(6, s.bestEffort());
                ps.setString(7, s.action().name());
                ShardRow sh = s.shard();
                MappingRow m = s.mapping();
                ps.setObject(8, sh != null ? sh.id() : m != null ? m.shardId() : null);
                ps.setString(9, sh == null ? null : sh.primaryUrl());
                ps.setString(10, sh == null ? null : Gsm.joinUrls(sh.replicaUrls()));
                setLong(ps, 11, sh == null ? null : sh.version());
                ps.setObject(12, m == null ? null : m.id());
                ps.setBytes(13, m == null ? null : m.low());
                if (m == null || m.high() == null) {
                    ps.setNull(14, Types.BINARY);
                } else {
                    ps.setBytes(14, m.high());
                }
                ps.setString(15, m == null ? null : m.status());
                setLong(ps, 16, m == null ? null : m.version());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    /** @return the ids of maps with logged repairs */
    static List<UUID> maps(Connection c) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select distinct map_id from " + TABLE)) {
            while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    static List<Repair> logged(Connection c, UUID mapId) throws SQLException {
        Map<UUID, Repair> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from " + TABLE + " where map_id = ?"
                + " order by created, op_id, seq")) {
            ps.setObject(1, mapId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID op = rs.getObject(1, UUID.class);
                    UUID shardId = rs.getObject(8, UUID.class);
                    ShardRow shard = rs.getString(9) == null ? null : new ShardRow(shardId, mapId, rs.getString(9),
                            Gsm.splitUrls(rs.getString(10)), rs.getLong(11), "ONLINE");
                    UUID mappingId = rs.getObject(12, UUID.class);
                    MappingRow m = mappingId == null ? null : new MappingRow(mappingId, mapId, shardId,
                            rs.getBytes(13), rs.getBytes(14), rs.getString(15), rs.getLong(16));
                    RecoveryStep step = new RecoveryStep(rs.getString(5), rs.getBoolean(6),
                            Action.valueOf(rs.getString(7)), shard, m);
                    out.computeIfAbsent(op, id -> {
                        try {
                            return new Repair(id, mapId, rs.getString(4), new ArrayList<>());
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }).steps().add(step);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Runs a logged repair's steps (shard databases first, then the GSM) and deletes its log rows. */
    static void complete(Connection gsm, Repair r, ShardMapStore store, StepHook hook) throws SQLException {
        Map<String, List<RecoveryStep>> byShard = new LinkedHashMap<>();
        List<RecoveryStep> global = new ArrayList<>();
        for (RecoveryStep s : r.steps()) {
            if (RecoveryStep.GSM.equals(s.target())) {
                global.add(s);
            } else {
                byShard.computeIfAbsent(s.target(), t -> new ArrayList<>()).add(s);
            }
        }
        for (Map.Entry<String, List<RecoveryStep>> e : byShard.entrySet()) {
            boolean optional = e.getValue().stream().allMatch(RecoveryStep::bestEffort);
            try (Connection shard = store.shard(e.getKey())) {
                applyToShard(shard, e.getValue());
            } catch (SQLException ex) {
                if (!optional) {
                    throw ex;
                }
                LOG.warn("cqrs-routing shard recovery {}: skipped the fence on {} ({}, SQLState {})", r.kind(),
                        e.getKey(), ex.getClass().getSimpleName(), ex.getSQLState());
            }
        }
        hook.reached(r.kind(), Step.LOCAL_DONE);
        Lsm.inTransaction(gsm, () -> {
            for (RecoveryStep s : global) {
                applyToGsm(gsm, s);
            }
            try (PreparedStatement ps = gsm.prepareStatement("delete from " + TABLE + " where op_id = ?")) {
                ps.setObject(1, r.id());
                ps.executeUpdate();
            }
        });
    }

    private static void applyToShard(Connection c, List<RecoveryStep> steps) throws SQLException {
        boolean fence = steps.stream().allMatch(RecoveryStep::bestEffort);
        Lsm.inTransaction(c, () -> {
            if (fence) {
                // the old primary of a failover may wait forever for a synchronous standby that was promoted
                try (Statement st = c.createStatement()) {
                    st.execute("set local synchronous_commit to local");
                }
            }
            for (RecoveryStep s : steps) {
                switch (s.action()) {
                    case PUT_MAPPING -> putMapping(c, Ddl.LSM, s.mapping());
                    case DELETE_MAPPING -> deleteMapping(c, Ddl.LSM, s.mapping().id());
                    case END_SESSIONS -> { }
                    default -> throw new IllegalStateException("not a shard step: " + s.action());
                }
            }
        });
        if (steps.stream().anyMatch(s -> s.action() == Action.END_SESSIONS)) {
            try (Statement st = c.createStatement()) {
                st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database()"
                        + " and pid <> pg_backend_pid() and backend_type = 'client backend'");
            }
        }
    }

    private static void applyToGsm(Connection c, RecoveryStep s) throws SQLException {
        switch (s.action()) {
            case PUT_MAPPING -> putMapping(c, Ddl.GSM, s.mapping());
            case DELETE_MAPPING -> deleteMapping(c, Ddl.GSM, s.mapping().id());
            case PUT_SHARD -> putShard(c, s.shard());
            case DELETE_SHARD -> {
                try (PreparedStatement ps = c.prepareStatement("delete from " + Ddl.GSM + ".shards where shard_id = ?")) {
                    ps.setObject(1, s.shard().id());
                    ps.executeUpdate();
                }
            }
            default -> throw new IllegalStateException("not a GSM step: " + s.action());
        }
    }

    private static void putMapping(Connection c, String schema, MappingRow m) throws SQLException {
        String t = schema + ".mappings";
        try (PreparedStatement ps = c.prepareStatement("insert into " + t + " (mapping_id, map_id, shard_id, low, high,"
                + " status, version) values (?, ?, ?, ?, ?, ?, ?) on conflict (mapping_id) do update set"
                + " map_id = excluded.map_id, shard_id = excluded.shard_id, low = excluded.low, high = excluded.high,"
                + " status = excluded.status, version = excluded.version where " + t + ".version < excluded.version")) {
            Gsm.bindMapping(ps, m);
            ps.executeUpdate();
        }
    }

    private static void deleteMapping(Connection c, String schema, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from " + schema + ".mappings where mapping_id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    private static void putShard(Connection c, ShardRow s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + Ddl.GSM + ".shards (shard_id, map_id,"
                + " primary_url, replica_urls, version, status) values (?, ?, ?, ?, ?, ?) on conflict (shard_id)"
                + " do update set primary_url = excluded.primary_url, replica_urls = excluded.replica_urls,"
                + " version = excluded.version, status = excluded.status"
                + " where " + Ddl.GSM + ".shards.version < excluded.version")) {
            ps.setObject(1, s.id());
            ps.setObject(2, s.mapId());
            ps.setString(3, s.primaryUrl());
            ps.setString(4, Gsm.joinUrls(s.replicaUrls()));
            ps.setLong(5, s.version());
            ps.setString(6, s.status());
            ps.executeUpdate();
        }
    }
}
