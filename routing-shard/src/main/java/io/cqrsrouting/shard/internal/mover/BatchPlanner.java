package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.KeyType;
import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Plans the mapping edits of a move: the next batch (a sub-range of {@code batchSize} keys carved
 * out of the source's mapping and taken offline, or that many point mappings; the online strategy
 * carves out the whole range and leaves it ONLINE), and the coalescing of mappings at the end or after a cancel.
 */
final class BatchPlanner {

    private final MoveLinks links;

    BatchPlanner(MoveLinks links) {
        this.links = links;
    }

    /**
     * Chooses the next batch and plans taking it offline (into {@code m.plan} and {@code m.batch}),
     * or plans the final coalesce.
     *
     * @return the step to go on with: {@link Steps#PLANNED}, {@link Steps#REPLICATING} (online) or
     *     {@link Steps#COALESCE} (nothing left to move)
     */
    String next(MoveRecord m) throws SQLException {
        List<MappingRow> all = links.globalMappings(m);
        Plan.Builder plan = new Plan.Builder();
        List<UUID> batch = new ArrayList<>();
        if (m.list) {
            for (MappingRow r : all) {
                if ((m.online || batch.size() < m.batchSize) && r.shardId().equals(m.source) && "ONLINE".equals(r.status())
                        && Coalesce.intersects(r, m.spanLow, m.spanHigh)) {
                    plan.put(m.online ? r : r.withStatus("OFFLINE")); // online: unchanged (the fence refuses writes)
                    batch.add(r.id());
                }
            }
        } else {
            MappingRow r = null;
            for (MappingRow x : all) {
                if (r == null && x.shardId().equals(m.source) && "ONLINE".equals(x.status())
                        && Coalesce.intersects(x, m.spanLow, m.spanHigh)) {
                    r = x;
                }
            }
            if (r != null) {
                byte[] from = max(r.low(), m.spanLow);
                byte[] end = min(r.high(), m.spanHigh);
                byte[] to = m.online ? null : boundary(m, from, end);
                to = to == null ? end : to;
                plan.delete(m.source, r.id());
                if (KeyType.compareEncoded(r.low(), from) < 0) {
                    plan.put(new MappingRow(UUID.randomUUID(), m.mapId, m.source, r.low(), from, "ONLINE", 1));
                }
                MappingRow b = new MappingRow(UUID.randomUUID(), m.mapId, m.source, from, to,
                        m.online ? "ONLINE" : "OFFLINE", 1);
                plan.put(b);
                batch.add(b.id());
                if (to != null && (r.high() == null || KeyType.compareEncoded(to, r.high()) < 0)) {
                    plan.put(new MappingRow(UUID.randomUUID(), m.mapId, m.source, to, r.high(), "ONLINE", 1));
                }
            }
        }
        if (batch.isEmpty()) {
            m.plan = coalescePlan(m, all, false).encode();
            return Steps.COALESCE;
        }
        m.plan = plan.build().encode();
        m.batch = join(batch);
        return m.online ? Steps.REPLICATING : Steps.PLANNED;
    }

    Plan coalescePlan(MoveRecord m, List<MappingRow> all, boolean undo) {
        Plan.Builder p = new Plan.Builder();
        if (!m.list) {
            Coalesce.plan(p, all, m.target, m.doneLow, m.doneHigh);
            if (undo) {
                Coalesce.plan(p, all, m.source, m.undoLow, m.undoHigh);
            }
        }
        return p.build();
    }

    /** The smallest key above the next {@code batchSize} keys from {@code from}, or null if fewer remain. */
    private byte[] boundary(MoveRecord m, byte[] from, byte[] end) throws SQLException {
        byte[] best = null;
        List<Interval> rest = List.of(new Interval(from, end, false));
        Connection src = links.shard(m, m.source);
        for (TableRef t : m.tables.sharded()) {
            String col = KeySql.comparable(m.keyType, KeySql.ident(t.keyColumn()));
            try (PreparedStatement ps = src.prepareStatement("select " + KeySql.ident(t.keyColumn()) + " from "
                    + t.qualified() + " where " + Copier.filter(m.keyType, t, rest) + " group by 1 order by "
                    + col + " offset " + m.batchSize + " limit 1"); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    byte[] k = m.keyType.encode(rs.getObject(1));
                    best = best == null || KeyType.compareEncoded(k, best) < 0 ? k : best;
                }
            }
        }
        return best;
    }

    private static String join(List<UUID> ids) {
        StringBuilder sb = new StringBuilder();
        for (UUID id : ids) {
            sb.append(sb.length() == 0 ? "" : ",").append(id);
        }
        return sb.toString();
    }

    private static byte[] max(byte[] a, byte[] b) {
        return KeyType.compareEncoded(a, b) >= 0 ? a : b;
    }

    /** Minimum of two upper bounds, null meaning +infinity. */
    private static byte[] min(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return KeyType.compareEncoded(a, b) <= 0 ? a : b;
    }
}
