package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.KeyType;
import io.cqrsrouting.shard.internal.Rows.MappingRow;

/**
 * Encoded keys {@code [low, high)} ({@code high == null}: to +infinity) of one mapping in a batch;
 * {@code point}: a list map's single key {@code low}. {@code toString()} shows no key.
 */
public record Interval(byte[] low, byte[] high, boolean point) {

    /** @return the keys of mapping {@code m}: a point for a list map's mapping, else its range */
    public static Interval of(MappingRow m, boolean list) {
        return new Interval(m.low(), list ? KeyType.successor(m.low()) : m.high(), list);
    }

    @Override
    public String toString() {
        return point ? "Interval[point]" : "Interval[range]";
    }
}
