package io.cqrsrouting.shard;

/**
 * How a {@link ShardedDataSource} checks a connection against the shard's local shard map before
 * handing it out, so that a mapping changed behind the client's cache is never used (see
 * {@code docs/sharding.md}).
 */
public enum ShardValidation {

    /**
     * One indexed query on every checkout, on the connection itself. Works on every
     * node, with any pool or proxy. The default.
     */
    PER_CHECKOUT,

    /**
     * A validation lease per pooled connection to a shard's primary: the session takes
     * a shared advisory lock on the shard's local map once and keeps a copy of its ONLINE mappings;
     * every change of the local map first ends the sessions holding that lock. A checkout whose
     * mapping is in the copy needs no query. Replica connections, and shards whose local map was
     * created before leases existed, are validated per checkout. Needs: the map's writer may end
     * the application's sessions (same role, or {@code pg_signal_backend}); the application never
     * releases advisory locks on routed connections ({@code DISCARD ALL},
     * {@code pg_advisory_unlock_all()}); no transaction-pooling proxy. Any change of a shard's
     * local map (a move, taking a mapping offline, a repair) ends that shard's pooled primary
     * connections: open transactions on them roll back, unacknowledged. See
     * {@code docs/sharding.md} for the measurement.
     */
    LEASE
}
