package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.MappingEdits;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.ShardMapStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A move engine's way to the databases: the shard-map-manager database, one connection per shard
 * for the whole run (logins cost tens of milliseconds; closed when the run ends), mapping edits
 * applied to the local maps and then the global map under the map's lock, and the advisory lock
 * that lets only one engine run a move.
 */
final class MoveLinks {

    private static final int MOVE_LOCK_CLASS = 0x4351525B;

    private final ShardMapStore store;
    /** Shard connections of this run, by shard id. */
    private final Map<UUID, Connection> open = new HashMap<>();

    MoveLinks(ShardMapStore store) {
        this.store = store;
    }

    Connection gsm() throws SQLException {
        return store.gsmConnection();
    }

    java.util.Properties credentials() {
        return store.shardCredentials();
    }

    String urlOf(MoveRecord m, UUID shardId) throws SQLException {
        try (Connection g = store.gsmConnection()) {
            return url(MappingEdits.shards(g, m.mapId), shardId);
        }
    }

    List<String> standbysOf(MoveRecord m, UUID shardId) throws SQLException {
        try (Connection g = store.gsmConnection()) {
            for (ShardRow s : MappingEdits.shards(g, m.mapId)) {
                if (s.id().equals(shardId)) {
                    return s.replicaUrls();
                }
            }
        }
        throw new MoveFailure("shard " + shardId + " is no longer in the map");
    }

    Connection shard(MoveRecord m, UUID shardId) throws SQLException {
        Connection c = open.get(shardId);
        if (c != null) {
            return c;
        }
        try (Connection g = store.gsmConnection()) {
            return connection(url(MappingEdits.shards(g, m.mapId), shardId), shardId);
        }
    }

    Connection connection(String url, UUID shardId) throws SQLException {
        Connection c = open.get(shardId);
        if (c == null) {
            c = store.shard(url);
            open.put(shardId, c);
        }
        return c;
    }

    void closeAll() {
        for (Connection c : open.values()) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a broken connection: nothing to do
            }
        }
        open.clear();
    }

    private static String url(List<ShardRow> shards, UUID id) {
        for (ShardRow s : shards) {
            if (s.id().equals(id)) {
                return s.primaryUrl();
            }
        }
        throw new MoveFailure("shard " + id + " is no longer in the map");
    }

    List<MappingRow> globalMappings(MoveRecord m) throws SQLException {
        try (Connection c = store.gsmConnection()) {
            return MappingEdits.globalMappings(c, m.mapId);
        }
    }

    void apply(MoveRecord m, Plan plan) throws SQLException {
        if (plan.isEmpty()) {
            return;
        }
        store.withMapLocked(m.mapId, gsm -> {
            List<ShardRow> shards = MappingEdits.shards(gsm, m.mapId);
            for (UUID s : plan.shardOrder()) {
                List<UUID> del = new ArrayList<>();
                for (Plan.Del d : plan.deletes()) {
                    if (d.shard().equals(s)) {
                        del.add(d.mapping());
                    }
                }
                List<MappingRow> put = new ArrayList<>();
                for (MappingRow r : plan.puts()) {
                    if (r.shardId().equals(s)) {
                        put.add(r);
                    }
                }
                MappingEdits.local(connection(url(shards, s), s), del, put);
            }
            List<UUID> del = new ArrayList<>();
            for (Plan.Del d : plan.deletes()) {
                del.add(d.mapping());
            }
            MappingEdits.global(gsm, del, plan.puts());
            return null;
        });
    }

    static boolean tryLock(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, MOVE_LOCK_CLASS);
            ps.setInt(2, id.hashCode());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static void unlock(Connection c, UUID id) {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, MOVE_LOCK_CLASS);
            ps.setInt(2, id.hashCode());
            ps.execute();
        } catch (SQLException e) {
            // the session is gone, and its lock with it
        }
    }
}
