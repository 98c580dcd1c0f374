package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Compares one shard's local mappings with the global ones, sub-range by sub-range. The key
 * space is cut at every bound of either side; each piece is held by at most one global and one
 * local mapping (neither side overlaps itself). Adjacent pieces held by the same pair are merged.
 */
public final class Differences {

    /** What a sub-range looks like on the two sides. */
    public enum Kind {
        /** Mapped to the shard in the GSM only. */
        GLOBAL_ONLY,
        /** Mapped in the shard's LSM only. */
        SHARD_ONLY,
        /** Mapped on both sides, by mappings that differ (id, version, status, shard or bounds). */
        CONFLICT
    }

    /**
     * One differing sub-range {@code [low, high)} ({@code high == null}: +infinity) with the
     * global and local mapping holding it at detection (either may be null).
     */
    public record Diff(Kind kind, byte[] low, byte[] high, MappingRow global, MappingRow local) {
    }

    private Differences() {
    }

    /**
     * @param shardId the shard whose LSM is compared
     * @param global GSM mappings of the map: at least those of the shard and those overlapping a local one
     * @param local the shard's LSM mappings of the map
     * @return the differing sub-ranges in key order
     */
    public static List<Diff> compare(UUID shardId, List<MappingRow> global, List<MappingRow> local) {
        List<MappingRow> g = sorted(global);
        List<MappingRow> l = sorted(local);
        TreeSet<byte[]> cuts = new TreeSet<>(KeyType::compareEncoded);
        for (List<MappingRow> side : List.of(g, l)) {
            for (MappingRow m : side) {
                cuts.add(m.low());
                if (m.high() != null) {
                    cuts.add(m.high());
                }
            }
        }
        List<Diff> out = new ArrayList<>();
        int gi = 0;
        int li = 0;
        byte[] start = cuts.isEmpty() ? null : cuts.first();
        while (start != null) {
            byte[] end = cuts.higher(start); // null: +infinity (only reached if some mapping is unbounded)
            while (gi < g.size() && g.get(gi).high() != null && KeyType.compareEncoded(g.get(gi).high(), start) <= 0) {
                gi++;
            }
            while (li < l.size() && l.get(li).high() != null && KeyType.compareEncoded(l.get(li).high(), start) <= 0) {
                li++;
            }
            MappingRow gm = gi < g.size() && KeyType.compareEncoded(g.get(gi).low(), start) <= 0 ? g.get(gi) : null;
            MappingRow lm = li < l.size() && KeyType.compareEncoded(l.get(li).low(), start) <= 0 ? l.get(li) : null;
            Kind kind = classify(shardId, gm, lm);
            if (kind != null) {
                Diff last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last != null && last.kind() == kind && last.global() == gm && last.local() == lm
                        && last.high() != null && Arrays.equals(last.high(), start)) {
                    out.set(out.size() - 1, new Diff(kind, last.low(), end, gm, lm));
                } else {
                    out.add(new Diff(kind, start, end, gm, lm));
                }
            }
            if (end == null) {
                break;
            }
            start = end;
        }
        return out;
    }

    private static Kind classify(UUID shardId, MappingRow g, MappingRow l) {
        if (l == null) {
            return g != null && g.shardId().equals(shardId) ? Kind.GLOBAL_ONLY : null;
        }
        if (g == null) {
            return Kind.SHARD_ONLY;
        }
        return same(g, l) ? null : Kind.CONFLICT;
    }

    /** @return whether two rows describe the same mapping at the same version and status */
    public static boolean same(MappingRow a, MappingRow b) {
        return a.id().equals(b.id()) && a.version() == b.version() && a.status().equals(b.status())
                && a.shardId().equals(b.shardId()) && Arrays.equals(a.low(), b.low())
                && KeyType.compareEncoded(a.high(), b.high()) == 0;
    }

    /** @return whether {@code m} intersects {@code [low, high)} */
    public static boolean overlaps(MappingRow m, byte[] low, byte[] high) {
        return (m.high() == null || KeyType.compareEncoded(m.high(), low) > 0)
                && (high == null || KeyType.compareEncoded(m.low(), high) < 0);
    }

    private static List<MappingRow> sorted(List<MappingRow> rows) {
        List<MappingRow> copy = new ArrayList<>(rows);
        copy.sort((a, b) -> KeyType.compareEncoded(a.low(), b.low()));
        return copy;
    }
}
