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

/** Reads and writes of the global shard map tables (PostgreSQL), on a connection the caller owns. */
final class Gsm {

    private static final String T = Ddl.GSM + ".";
    private static final String MAPPING_COLUMNS = "mapping_id, map_id, shard_id, low, high, status, version";

    private Gsm() {
    }

    static void createSchema(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // concurrent "create ... if not exists" can still collide: serialize the creators
            s.execute("select pg_advisory_xact_lock(" + Locks.SCHEMA_CLASS + ", 0)");
            for (String ddl : Ddl.postgresGsm()) {
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

    static MapRow map(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select map_id, name, kind, key_type from " + T + "shard_maps where name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new MapRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        KeyType.valueOf(rs.getString(4))) : null;
            }
        }
    }

    /** @return whether the row was inserted (false: a map of that name exists) */
    static boolean insertMap(Connection c, MapRow m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + T + "shard_maps (map_id, name, kind, key_type)"
                + " values (?, ?, ?, ?) on conflict (name) do nothing")) {
            ps.setObject(1, m.id());
            ps.setString(2, m.name());
            ps.setString(3, m.kind());
            ps.setString(4, m.keyType().name());
            return ps.executeUpdate() == 1;
        }
    }

    static List<ShardRow> shards(Connection c, UUID mapId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select shard_id, map_id, primary_url, replica_urls, version,"
                + " status from " + T + "shards where map_id = ? order by primary_url")) {
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

    static void insertShard(Connection c, ShardRow s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + T + "shards (shard_id, map_id, primary_url,"
                + " replica_urls, version, status) values (?, ?, ?, ?, ?, ?) on conflict (shard_id) do nothing")) {
            ps.setObject(1, s.id());
            ps.setObject(2, s.mapId());
            ps.setString(3, s.primaryUrl());
            ps.setString(4, joinUrls(s.replicaUrls()));
            ps.setLong(5, s.version());
            ps.setString(6, s.status());
            ps.executeUpdate();
        }
    }

    static List<MappingRow> mappings(Connection c, UUID mapId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + MAPPING_COLUMNS + " from " + T + "mappings"
                + " where map_id = ? order by low")) {
            ps.setObject(1, mapId);
            return readMappings(ps);
        }
    }

    static MappingRow mapping(Connection c, UUID mappingId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + MAPPING_COLUMNS + " from " + T + "mappings"
                + " where mapping_id = ?")) {
            ps.setObject(1, mappingId);
            List<MappingRow> rows = readMappings(ps);
            return rows.isEmpty() ? null : rows.get(0);
        }
    }

    static MappingRow mappingFor(Connection c, UUID mapId, byte[] key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + MAPPING_COLUMNS + " from " + T + "mappings"
                + " where map_id = ? and low <= ? and (high is null or high > ?)")) {
            ps.setObject(1, mapId);
            ps.setBytes(2, key);
            ps.setBytes(3, key);
            List<MappingRow> rows = readMappings(ps);
            return rows.isEmpty() ? null : rows.get(0);
        }
    }

    /** @return whether any mapping of the map intersects {@code [low, high)} */
    static boolean overlaps(Connection c, UUID mapId, byte[] low, byte[] high) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from " + T + "mappings where map_id = ?"
                + " and (high is null or high > ?) and (cast(? as bytea) is null or low < ?) limit 1")) {
            ps.setObject(1, mapId);
            ps.setBytes(2, low);
            ps.setBytes(3, high);
            ps.setBytes(4, high);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void upsertMapping(Connection c, MappingRow m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + T + "mappings (" + MAPPING_COLUMNS + ")"
                + " values (?, ?, ?, ?, ?, ?, ?) on conflict (mapping_id) do update set status = excluded.status,"
                + " version = excluded.version where " + T + "mappings.version < excluded.version")) {
            bindMapping(ps, m);
            ps.executeUpdate();
        }
    }

    static void deleteMapping(Connection c, UUID mappingId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from " + T + "mappings where mapping_id = ?")) {
            ps.setObject(1, mappingId);
            ps.executeUpdate();
        }
    }

    static void bindMapping(PreparedStatement ps, MappingRow m) throws SQLException {
        ps.setObject(1, m.id());
        ps.setObject(2, m.mapId());
        ps.setObject(3, m.shardId());
        ps.setBytes(4, m.low());
        if (m.high() == null) {
            ps.setNull(5, Types.BINARY);
        } else {
            ps.setBytes(5, m.high());
        }
        ps.setString(6, m.status());
        ps.setLong(7, m.version());
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
