package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MapRow;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Reads and writes of the global shard map tables, in the GSM's dialect, on a connection the caller owns. */
final class Gsm {

    private Gsm() {
    }

    static void createSchema(StoreSql q, Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // concurrent "create ... if not exists" can still collide: serialize the creators
            s.execute(q.sql(StoreSql.Q.LOCK_GSM_SCHEMA));
            for (String ddl : q.gsmDdl()) {
                s.execute(ddl);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static MapRow map(StoreSql q, Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.MAP))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new MapRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        KeyType.valueOf(rs.getString(4))) : null;
            }
        }
    }

    /** @return whether the row was inserted (false: a map of that name exists) */
    static boolean insertMap(StoreSql q, Connection c, MapRow m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.INSERT_MAP))) {
            ps.setObject(1, m.id());
            ps.setString(2, m.name());
            ps.setString(3, m.kind());
            ps.setString(4, m.keyType().name());
            return ps.executeUpdate() == 1;
        }
    }

    static List<ShardRow> shards(StoreSql q, Connection c, UUID mapId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.SHARDS))) {
            ps.setObject(1, mapId);
            List<ShardRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ShardRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            splitUrls(rs.getString(4)), rs.getLong(5), rs.getString(6)));
                }
            }
            return out;
        }
    }

    static void insertShard(StoreSql q, Connection c, ShardRow s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.INSERT_SHARD))) {
            ps.setObject(1, s.id());
            ps.setObject(2, s.mapId());
            ps.setString(3, s.primaryUrl());
            ps.setString(4, joinUrls(s.replicaUrls()));
            ps.setLong(5, s.version());
            ps.setString(6, s.status());
            ps.executeUpdate();
        }
    }

    static List<MappingRow> mappings(StoreSql q, Connection c, UUID mapId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.MAPPINGS))) {
            ps.setObject(1, mapId);
            return readMappings(ps);
        }
    }

    static MappingRow mapping(StoreSql q, Connection c, UUID mappingId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.MAPPING))) {
            ps.setObject(1, mappingId);
            List<MappingRow> rows = readMappings(ps);
            return rows.isEmpty() ? null : rows.get(0);
        }
    }

    static MappingRow mappingFor(StoreSql q, Connection c, UUID mapId, byte[] key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.MAPPING_FOR))) {
            ps.setObject(1, mapId);
            ps.setBytes(2, key);
            ps.setBytes(3, key);
            List<MappingRow> rows = readMappings(ps);
            return rows.isEmpty() ? null : rows.get(0);
        }
    }

    /** @return whether any mapping of the map intersects {@code [low, high)} */
    static boolean overlaps(StoreSql q, Connection c, UUID mapId, byte[] low, byte[] high) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.OVERLAPS))) {
            ps.setObject(1, mapId);
            ps.setBytes(2, low);
            setKeyOrNull(ps, 3, high);
            setKeyOrNull(ps, 4, high);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void upsertMapping(StoreSql q, Connection c, MappingRow m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.UPSERT_MAPPING))) {
            bindMapping(ps, m);
            ps.executeUpdate();
        }
    }

    static void deleteMapping(StoreSql q, Connection c, UUID mappingId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(StoreSql.Q.DELETE_MAPPING))) {
            ps.setObject(1, mappingId);
            ps.executeUpdate();
        }
    }

    static void bindMapping(PreparedStatement ps, MappingRow m) throws SQLException {
        ps.setObject(1, m.id());
        ps.setObject(2, m.mapId());
        ps.setObject(3, m.shardId());
        ps.setBytes(4, m.low());
        setKeyOrNull(ps, 5, m.high());
        ps.setString(6, m.status());
        ps.setLong(7, m.version());
    }

    /** Binds a key, or a typed NULL (an untyped NULL is not a key on either database). */
    static void setKeyOrNull(PreparedStatement ps, int i, byte[] key) throws SQLException {
        if (key == null) {
            ps.setNull(i, Types.BINARY);
        } else {
            ps.setBytes(i, key);
        }
    }

    static List<MappingRow> readMappings(PreparedStatement ps) throws SQLException {
        List<MappingRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new MappingRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getBytes(4), rs.getBytes(5), rs.getString(6), rs.getLong(7)));
            }
        }
        return out;
    }

    static String joinUrls(List<String> urls) {
        return String.join("\n", urls);
    }

    static List<String> splitUrls(String urls) {
        return urls == null || urls.isEmpty() ? List.of() : Arrays.asList(urls.split("\n"));
    }
}
