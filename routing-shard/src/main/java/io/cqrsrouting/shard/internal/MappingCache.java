package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.util.List;

/**
 * An immutable snapshot of one map's mappings for the client's key lookups: decoded bounds in
 * key order, searched by binary search (O(log n)) with {@link KeyType#compare}, which allocates
 * nothing. A refresh builds a new snapshot; readers keep the one they hold.
 */
public final class MappingCache {

    private final KeyType type;
    private final boolean points;
    private final Object[] lows;
    private final Object[] highs; // null: +infinity (ranges only)
    private final MappingRow[] rows;
    private final int[] shards;

    /**
     * @param rows the map's mappings, ordered by {@code low}
     * @param shardIndex index of each row's shard in the caller's shard list (same order as rows)
     */
    public MappingCache(KeyType type, boolean points, List<MappingRow> rows, int[] shardIndex) {
        this.type = type;
        this.points = points;
        int n = rows.size();
        this.rows = rows.toArray(new MappingRow[0]);
        this.lows = new Object[n];
        this.highs = new Object[n];
        this.shards = shardIndex.clone();
        for (int i = 0; i < n; i++) {
            MappingRow r = this.rows[i];
            lows[i] = type.decode(r.low());
            highs[i] = points || r.high() == null ? null : type.decode(r.high());
        }
    }

    /** @return the index of the mapping holding {@code key}, or {@code -1} */
    public int find(Object key) {
        int lo = 0;
        int hi = lows.length - 1;
        int floor = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = type.compare(lows[mid], key);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                floor = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (floor < 0 || points) {
            return -1;
        }
        Object high = highs[floor];
        return high == null || type.compare(key, high) < 0 ? floor : -1;
    }

    /** @return the mapping at {@code index} */
    public MappingRow row(int index) {
        return rows[index];
    }

    /** @return the shard index of the mapping at {@code index} */
    public int shard(int index) {
        return shards[index];
    }

    /** @return how many mappings */
    public int size() {
        return rows.length;
    }
}
