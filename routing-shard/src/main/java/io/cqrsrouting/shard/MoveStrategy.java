package io.cqrsrouting.shard;

/** How a {@link ShardMover} moves rows. See {@code docs/sharding-moves.md}. */
public enum MoveStrategy {
    /**
     * Batches of {@code batchSize} keys, each offline and fenced while it is copied: works on any
     * database; each batch is unavailable for writes for the length of its copy.
     */
    OFFLINE_BATCHES,
    /**
     * PostgreSQL 15+ with {@code wal_level=logical}: the range is copied and streamed to the target by
     * row-filtered logical replication while it stays writable, then fenced only while the target
     * applies the source's last changes (milliseconds to the catch-up timeout), then switched.
     */
    ONLINE
}
