package io.cqrsrouting.shard;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.shard.internal.ShardScope;

/**
 * The programmatic shard scope: connections taken from a {@link ShardedDataSource} of map
 * {@code map} inside {@code work} go to the shard holding {@code key}.
 *
 * <pre>{@code
 * Order o = Sharding.withKey("customers", customerId, () -> Routing.query(() -> repo.find(orderId)));
 * }</pre>
 *
 * Scopes nest (the innermost key of a map wins) and are independent of the routing intent
 * ({@code @Command}/{@code @Query}/{@code @Consistent}), which picks the node inside the shard.
 * Allocation-free; restored in {@code finally}.
 */
public final class Sharding {

    private Sharding() {
    }

    /**
     * @param map the shard map's name
     * @param key the shard key (not null; of the map's key type)
     * @param work the work
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     * @throws ShardMapException if the key is null (naming the map)
     */
    public static <T, E extends Exception> T withKey(String map, Object key, Routing.Work<T, E> work) throws E {
        int mark = enter(map, key);
        try {
            return work.run();
        } finally {
            exit(mark);
        }
    }

    /**
     * Opens a shard scope; pair with {@link #exit(int)} in {@code finally}. For interceptors.
     *
     * @return the mark for {@link #exit(int)}
     */
    public static int enter(String map, Object key) {
        if (map == null) {
            throw new IllegalArgumentException("shard map name is null");
        }
        if (key == null) {
            throw new ShardMapException("the shard key for map " + map + " is null");
        }
        return ShardScope.current().push(map, key);
    }

    /** Leaves every shard scope opened since {@code mark}. */
    public static void exit(int mark) {
        ShardScope.current().pop(mark);
    }

    /** @return whether a key for {@code map} is set on this thread */
    public static boolean hasKey(String map) {
        return ShardScope.current().keyFor(map) != null;
    }
}
