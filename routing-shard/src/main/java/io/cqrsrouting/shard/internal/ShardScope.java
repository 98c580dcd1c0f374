package io.cqrsrouting.shard.internal;

import java.util.Arrays;

/**
 * The per-thread stack of shard keys ({@code Sharding.withKey}, {@code @ShardKey}). One instance
 * per thread, reused: entering and leaving a scope touch two preallocated arrays and allocate
 * nothing. Scopes of different maps nest; the innermost key of a map wins.
 */
public final class ShardScope {

    private static final ThreadLocal<ShardScope> CURRENT = ThreadLocal.withInitial(ShardScope::new);

    private String[] maps = new String[4];
    private Object[] keys = new Object[4];
    private int depth;

    private ShardScope() {
    }

    /** @return this thread's scope stack */
    public static ShardScope current() {
        return CURRENT.get();
    }

    /**
     * Enters a scope; pair with {@link #pop(int)} in {@code finally}.
     *
     * @return the mark to pop back to
     */
    public int push(String map, Object key) {
        if (depth == maps.length) {
            maps = Arrays.copyOf(maps, depth * 2);
            keys = Arrays.copyOf(keys, depth * 2);
        }
        maps[depth] = map;
        keys[depth] = key;
        return depth++;
    }

    /** Leaves every scope entered since {@code mark}. */
    public void pop(int mark) {
        for (int i = Math.max(0, mark); i < depth; i++) {
            maps[i] = null;
            keys[i] = null;
        }
        depth = Math.min(depth, Math.max(0, mark));
    }

    /** @return the innermost key given for {@code map}, or {@code null} */
    public Object keyFor(String map) {
        for (int i = depth - 1; i >= 0; i--) {
            String m = maps[i];
            if (m == map || m.equals(map)) {
                return keys[i];
            }
        }
        return null;
    }

    /** @return how many scopes are open (for tests and propagation) */
    public int depth() {
        return depth;
    }
}
