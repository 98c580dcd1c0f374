package io.cqrsrouting.shard;

import java.util.Arrays;
import java.util.Objects;

/**
 * A half-open key range {@code [low, high)} of a range shard map, or {@code [low, +infinity)}.
 * Keys are ordered as described in {@code docs/sharding.md} (numbers numerically, strings by code
 * point, UUIDs and byte arrays as unsigned bytes). {@code toString()} shows no key value.
 *
 * @param <K> the key type
 */
public final class Range<K> {

    private final K low;
    private final K high;

    private Range(K low, K high) {
        this.low = Objects.requireNonNull(low, "low");
        this.high = high;
    }

    /**
     * @param low the smallest key in the range
     * @param high the smallest key above the range (must be greater than {@code low})
     * @param <K> the key type
     * @return {@code [low, high)}
     */
    public static <K> Range<K> of(K low, K high) {
        return new Range<>(low, Objects.requireNonNull(high, "high (use Range.from(low) for no upper bound)"));
    }

    /**
     * @param low the smallest key in the range
     * @param <K> the key type
     * @return {@code [low, +infinity)}
     */
    public static <K> Range<K> from(K low) {
        return new Range<>(low, null);
    }

    /** @return the smallest key in the range */
    public K low() {
        return low;
    }

    /** @return the smallest key above the range, or {@code null} for +infinity */
    public K high() {
        return high;
    }

    /** @return whether the range has no upper bound */
    public boolean unbounded() {
        return high == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Range<?> r && Objects.deepEquals(low, r.low) && Objects.deepEquals(high, r.high);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(new Object[] {low}) + Arrays.deepHashCode(new Object[] {high});
    }

    @Override
    public String toString() {
        return high == null ? "Range[" + low.getClass().getSimpleName() + ", to +infinity)"
                : "Range[" + low.getClass().getSimpleName() + ", bounded)";
    }
}
