package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.Differences;
import io.cqrsrouting.shard.internal.KeyType;
import io.cqrsrouting.shard.internal.RecoveryStep;
import io.cqrsrouting.shard.internal.RecoveryStep.Action;
import io.cqrsrouting.shard.internal.RecoveryStore;
import io.cqrsrouting.shard.internal.RecoveryStore.LocalShard;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** The plans of the recovery manager's repairs, computed on the locked GSM connection. */
final class RecoveryPlans {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private RecoveryPlans() {
    }

    static List<RecoveryStep> attach(RecoveryStore store, Connection c, LocalShard ls, ShardLocation location)
            throws SQLException {
        String url = location.primaryJdbcUrl();
        ShardRow existing = store.shard(c, ls.shardId());
        if (existing != null && !existing.primaryUrl().equals(url)) {
            throw new ShardMapException("cannot attach " + url + ": shard map " + ls.mapName() + " has this shard at "
                    + existing.primaryUrl() + "; detach it there first, or use failover(old, new)");
        }
        for (ShardRow s : store.shards(c, ls.mapId())) {
            if (!s.id().equals(ls.shardId()) && s.primaryUrl().equals(url)) {
                throw new ShardMapException("cannot attach " + url + ": shard map " + ls.mapName()
                        + " has another shard there; detach it first");
            }
        }
        List<RecoveryStep> steps = new ArrayList<>();
        if (existing == null || !existing.replicaUrls().equals(location.replicaJdbcUrls())) {
            steps.add(new RecoveryStep(RecoveryStep.GSM, false, Action.PUT_SHARD, new ShardRow(ls.shardId(), ls.mapId(),
                    url, location.replicaJdbcUrls(),
                    // a shard new to this GSM may have been elsewhere before: a version above any earlier one
                    existing == null ? Math.max(1, System.currentTimeMillis()) : existing.version() + 1, "ONLINE"), null));
        }
        List<MappingRow> global = store.mappings(c, ls.mapId());
        for (MappingRow m : store.localMappings(url, ls.mapId())) {
            boolean free = global.stream().noneMatch(g -> g.id().equals(m.id())
                    || Differences.overlaps(g, m.low(), m.high()));
            if (free && m.shardId().equals(ls.shardId())) {
                steps.add(new RecoveryStep(RecoveryStep.GSM, false, Action.PUT_MAPPING, null, m));
            }
        }
        return steps;
    }

    static List<RecoveryStep> resolve(RecoveryStore store, Connection c, RecoveryToken token, boolean keepShard)
            throws SQLException {
        String url = token.location().primaryJdbcUrl();
        List<MappingRow> global = store.map(c, token.mapId()) == null ? List.of() : store.mappings(c, token.mapId());
        List<MappingRow> local = store.localMappings(url, token.mapId());
        byte[] low = token.diff().low();
        byte[] high = token.diff().high();
        if (!sameRow(RecoveryStore.overlapping(global, low, high), token.diff().global())
                || !sameRow(RecoveryStore.overlapping(local, low, high), token.diff().local())) {
            throw new StaleRecoveryTokenException("recovery token " + token.id() + " (" + token.type() + " in "
                    + token.mapName() + " at " + url + ") is stale: a mapping of its range changed in the "
                    + "global or the local shard map since detection; detect the differences again");
        }
        List<ShardRow> shards = store.map(c, token.mapId()) == null ? List.of() : store.shards(c, token.mapId());
        if (keepShard && token.diff().local() != null) {
            ShardRow s = store.shard(c, token.shardId());
            if (s == null || !s.primaryUrl().equals(url)) {
                throw new ShardMapException("cannot keep the shard's mapping: shard map " + token.mapName()
                        + (s == null ? " does not have the shard at " + url + "; attachShard it first"
                        : " has the shard at " + s.primaryUrl() + ", not " + url + "; use failover(old, new)"));
            }
        }
        return RecoveryStore.planResolution(keepShard, token.shardId(), url, low, high, global, local,
                RecoveryStore.urls(shards, token.shardId()));
    }

    private static boolean sameRow(MappingRow now, MappingRow then) {
        return now == null ? then == null : then != null && Differences.same(now, then);
    }

    static List<RecoveryStep> failover(RecoveryStore store, Connection c, LocalShard ls, ShardLocation oldLocation,
            ShardLocation newLocation) throws SQLException {
        String oldUrl = oldLocation.primaryJdbcUrl();
        String newUrl = newLocation.primaryJdbcUrl();
        ShardRow s = store.shard(c, ls.shardId());
        if (s == null || !(s.primaryUrl().equals(oldUrl) || s.primaryUrl().equals(newUrl))) {
            throw new ShardMapException("cannot fail over shard map " + ls.mapName() + " to " + newUrl + ": the global map"
                    + (s == null ? " does not have the shard of that database; use attachShard"
                    : " has it at " + s.primaryUrl() + ", not at " + oldUrl));
        }
        List<MappingRow> mine = new ArrayList<>();
        for (MappingRow m : store.mappings(c, ls.mapId())) {
            if (m.shardId().equals(s.id())) {
                mine.add(m);
            }
        }
        List<MappingRow> oldLocal;
        try {
            oldLocal = store.localMappings(oldUrl, ls.mapId());
        } catch (SQLException unreachable) {
            oldLocal = List.of();
        }
        List<MappingRow> newLocal = store.localMappings(newUrl, ls.mapId());
        List<RecoveryStep> steps = new ArrayList<>();
        for (MappingRow m : mine) {
            long v = Math.max(m.version(), Math.max(version(oldLocal, m.id()), version(newLocal, m.id())));
            steps.add(new RecoveryStep(oldUrl, true, Action.PUT_MAPPING, null,
                    new MappingRow(m.id(), m.mapId(), m.shardId(), m.low(), m.high(), "OFFLINE", v + 1)));
        }
        steps.add(new RecoveryStep(oldUrl, true, Action.END_SESSIONS, null, null));
        if (s.primaryUrl().equals(newUrl)) {
            return steps; // relocated already: fence the old primary again, nothing else
        }
        for (MappingRow n : newLocal) {
            MappingRow g = mine.stream().filter(m -> m.id().equals(n.id())).findFirst().orElse(null);
            long v = Math.max(n.version(), Math.max(version(oldLocal, n.id()), g == null ? 0 : g.version())) + 2;
            MappingRow bumped = new MappingRow(n.id(), n.mapId(), n.shardId(), n.low(), n.high(), n.status(), v);
            steps.add(new RecoveryStep(newUrl, false, Action.PUT_MAPPING, null, bumped));
            if (g != null && java.util.Arrays.equals(g.low(), n.low()) && KeyType.compareEncoded(g.high(), n.high()) == 0) {
                steps.add(new RecoveryStep(RecoveryStep.GSM, false, Action.PUT_MAPPING, null, bumped));
            }
        }
        steps.add(new RecoveryStep(RecoveryStep.GSM, false, Action.PUT_SHARD, new ShardRow(s.id(), s.mapId(), newUrl,
                newLocation.replicaJdbcUrls(), s.version() + 1, s.status()), null));
        return steps;
    }

    private static long version(List<MappingRow> rows, UUID id) {
        return rows.stream().filter(r -> r.id().equals(id)).mapToLong(MappingRow::version).max().orElse(0);
    }

    static long countOrphans(RecoveryStore store, String url, String mapName, String table, String keyColumn)
            throws SQLException {
        String[] parts = table == null ? new String[0] : table.split("\\.", -1);
        if (parts.length < 1 || parts.length > 2 || !java.util.Arrays.stream(parts).allMatch(p -> IDENTIFIER.matcher(p).matches())) {
            throw new ShardMapException("table must be a plain SQL identifier, optionally schema-qualified: " + table);
        }
        if (keyColumn == null || !IDENTIFIER.matcher(keyColumn).matches()) {
            throw new ShardMapException("keyColumn must be a plain SQL identifier: " + keyColumn);
        }
        List<MappingRow> mine = new ArrayList<>();
        KeyType type = null;
        try (Connection c = store.gsmConnection()) {
            for (ShardRow s : store.shardsAt(c, url)) {
                var map = store.map(c, s.mapId());
                if (map != null && map.name().equals(mapName)) {
                    type = map.keyType();
                    for (MappingRow m : store.mappings(c, s.mapId())) {
                        if (m.shardId().equals(s.id())) {
                            mine.add(m);
                        }
                    }
                }
            }
        }
        if (type == null) {
            throw new ShardMapException("shard map " + mapName + " has no shard at " + url);
        }
        String quoted = "\"" + String.join("\".\"", parts) + "\"";
        long orphans = 0;
        try (Connection shard = store.shardConnection(url); Statement st = shard.createStatement()) {
            st.setFetchSize(1000);
            shard.setAutoCommit(false); // a cursor, not the whole table in memory
            try (ResultSet rs = st.executeQuery("select \"" + keyColumn + "\" from " + quoted)) {
                while (rs.next()) {
                    Object key = rs.getObject(1, type.javaType());
                    if (key == null || !mapped(type.encode(key), mine)) {
                        orphans++;
                    }
                }
            }
            shard.rollback();
        }
        return orphans;
    }

    private static boolean mapped(byte[] key, List<MappingRow> mappings) {
        for (MappingRow m : mappings) {
            if (KeyType.compareEncoded(m.low(), key) <= 0 && (m.high() == null || KeyType.compareEncoded(key, m.high()) < 0)) {
                return true;
            }
        }
        return false;
    }
}
