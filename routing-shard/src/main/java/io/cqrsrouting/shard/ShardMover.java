package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.mover.MoveEngine;
import io.cqrsrouting.shard.internal.mover.MoveFailure;
import io.cqrsrouting.shard.internal.mover.MoveHook;
import io.cqrsrouting.shard.internal.mover.MoveStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Splits, merges and moves shardlets (the rows of one shard key) between shards of one shard map
 * while the application keeps running, in offline batches: per batch of {@code batchSize} keys,
 * the batch's mapping goes offline and is fenced in the source database (writes to it are refused
 * there, older transactions drained), its rows are copied to the target in foreign-key order and
 * verified, the mapping is switched to the target in both local maps and the global map, and the
 * source rows are deleted. The rest of the source shard stays available. With
 * {@link MoveStrategy#ONLINE} (PostgreSQL 15+) the range is instead replicated to the target while it
 * stays writable and fenced only for the final catch-up. See {@code docs/sharding-moves.md}.
 *
 * <pre>{@code
 * ShardMover mover = ShardMover.builder().manager(smm).map("customers").schema(schema).batchSize(100).build();
 * MoveOperation op = mover.split(Range.of(0L, 1_000_000L), 500_000L, ShardLocation.of(newShardUrl));
 * op.await(Duration.ofMinutes(10));
 * }</pre>
 *
 * <p>Every step is persisted in the shard-map-manager database before the next starts, so a move
 * interrupted anywhere (process killed, database unreachable) is finished by
 * {@link #resume(String)} from any process, with no row lost or doubled.
 */
public final class ShardMover implements AutoCloseable {

    private final ShardMapManager manager;
    private final ShardMap<?, ?> map;
    private final SchemaInfo schema;
    private final int batchSize;
    private final long drainMillis;
    private final MoveStrategy strategy;
    private final long catchUpMillis;
    private final long syncMillis;
    private final MoveHook hook;
    private final ExecutorService runner;

    private ShardMover(Builder b) {
        b.manager.requirePostgres("ShardMover");
        this.manager = b.manager;
        this.map = b.manager.map(b.map);
        this.schema = b.schema;
        this.batchSize = b.batchSize;
        this.drainMillis = b.drainTimeout.toMillis();
        this.strategy = b.strategy;
        this.catchUpMillis = b.catchUpTimeout.toMillis();
        this.syncMillis = b.syncTimeout.toMillis();
        this.hook = b.hook;
        this.runner = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cqrs-shard-mover-" + map.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Moves the keys of {@code source} from {@code at} on to the shard at {@code target} (added to the
     * map if it is not in it). Range maps: {@code source} must be exactly one mapping's range; list
     * maps: the point mappings in {@code [at, source.high)} move.
     *
     * @throws ShardMoveException naming every failed precondition; nothing has moved then
     */
    public <K> MoveOperation split(Range<K> source, K at, ShardLocation target) {
        Objects.requireNonNull(source, "source");
        return start(requests().split(source.low(), source.high(), Objects.requireNonNull(at, "at"), shardAt(target)));
    }

    /**
     * Merges two adjacent ranges: the keys of {@code right} move to the shard of {@code left} and
     * (range maps) the two mappings become one.
     */
    public <K> MoveOperation merge(Range<K> left, Range<K> right) {
        return start(requests().merge(left.low(), left.high(), right.low(), right.high()));
    }

    /** Moves the mapping holding {@code key} (list maps: that key; range maps: its whole range) to {@code target}. */
    public <K> MoveOperation move(K key, ShardLocation target) {
        return start(requests().move(key, shardAt(target)));
    }

    /**
     * Continues an interrupted move (a cancelled one is rolled back) until it completes.
     *
     * @throws ShardMoveException if there is no such move or another mover runs it
     */
    public MoveOperation resume(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ShardMoveException("not a move id: " + id);
        }
        return run(uuid);
    }

    private MoveRequests requests() {
        return new MoveRequests(map);
    }

    private Shard shardAt(ShardLocation target) {
        Objects.requireNonNull(target, "target");
        for (Shard s : map.shards()) {
            if (s.location().primaryJdbcUrl().equals(target.primaryJdbcUrl())) {
                return s;
            }
        }
        return map.createShard(target);
    }

    private MoveOperation start(MoveRequests.Resolved r) {
        refuseConcurrentMoves();
        r.record().batchSize = batchSize;
        r.record().drainMillis = drainMillis;
        r.record().online = strategy == MoveStrategy.ONLINE;
        r.record().catchUpMillis = catchUpMillis;
        r.record().syncMillis = syncMillis;
        r.record().tables = schema.tables();
        try {
            if (r.coalesceOnly()) {
                new MoveEngine(manager.store(), hook).startCoalesceOnly(r.record());
            } else {
                new MoveEngine(manager.store(), hook).start(r.record(), r.moving());
            }
        } catch (MoveFailure e) {
            throw new ShardMoveException(e.getMessage());
        } catch (SQLException e) {
            throw new ShardMoveException("cannot start a move in shard map " + map.name() + ": " + e.getMessage()
                    + " (" + e.getSQLState() + ")");
        }
        return run(r.record().id);
    }

    private void refuseConcurrentMoves() {
        try (Connection c = manager.store().gsmConnection()) {
            MoveStore.createSchema(c);
            List<UUID> open = MoveStore.unfinished(c, map.row.id());
            if (!open.isEmpty()) {
                throw new ShardMoveException("shard map " + map.name() + " has an unfinished move " + open.get(0)
                        + ": resume or cancel it first");
            }
        } catch (SQLException e) {
            throw new ShardMoveException("cannot read the moves of shard map " + map.name() + " (" + e.getSQLState() + ")");
        }
    }

    private MoveOperation run(UUID id) {
        CompletableFuture<Void> f = CompletableFuture.runAsync(() -> new MoveEngine(manager.store(), hook).run(id), runner);
        return new MoveOperation(id, manager.store(), f);
    }

    /** Stops accepting moves; running moves continue on their daemon threads until they end. */
    @Override
    public void close() {
        runner.shutdown();
    }

    @Override
    public String toString() {
        return "ShardMover[" + map.name() + ", " + strategy + (strategy == MoveStrategy.ONLINE ? "" : ", batch " + batchSize)
                + "]";
    }

    /** Builds a {@link ShardMover}. */
    public static final class Builder {
        private ShardMapManager manager;
        private String map;
        private SchemaInfo schema;
        private int batchSize = 100;
        private Duration drainTimeout = Duration.ofSeconds(5);
        private MoveHook hook = MoveHook.NONE;
        private MoveStrategy strategy = MoveStrategy.OFFLINE_BATCHES;
        private Duration catchUpTimeout = Duration.ofSeconds(30);
        private Duration syncTimeout = Duration.ofMinutes(30);

        private Builder() {
        }

        /** @param manager the shard map manager holding the map */
        public Builder manager(ShardMapManager manager) {
            this.manager = manager;
            return this;
        }

        /** @param name the shard map whose shardlets move */
        public Builder map(String name) {
            this.map = name;
            return this;
        }

        /** @param schema the tables to move */
        public Builder schema(SchemaInfo schema) {
            this.schema = schema;
            return this;
        }

        /** @param shardlets keys per batch (1 to 1,000,000; default 100): each batch is offline while it is copied */
        public Builder batchSize(int shardlets) {
            if (shardlets < 1 || shardlets > 1_000_000) {
                throw new IllegalArgumentException("ShardMover: batchSize must be 1 to 1000000: " + shardlets);
            }
            this.batchSize = shardlets;
            return this;
        }

        /**
         * @param timeout how long the fence waits for transactions older than it before it terminates
         *        their sessions, and how long, after a switch, the source keeps the batch's rows for
         *        connections validated before it and not yet used (then terminated; see
         *        docs/sharding-moves.md, "Reads across the switch") (default 5 s)
         */
        public Builder drainTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("ShardMover: drainTimeout must be 0 to 10 minutes: " + timeout);
            }
            this.drainTimeout = timeout;
            return this;
        }

        /** @param strategy {@link MoveStrategy#OFFLINE_BATCHES} (default) or {@link MoveStrategy#ONLINE} */
        public Builder strategy(MoveStrategy strategy) {
            if (strategy == null) {
                throw new IllegalArgumentException("ShardMover: strategy must not be null");
            }
            this.strategy = strategy;
            return this;
        }

        /**
         * @param timeout online strategy: how long the fenced range waits for the target to apply the
         *        source's last changes before the mover copies the range itself (default 30 s; 0 to 10 min)
         */
        public Builder catchUpTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("ShardMover: catchUpTimeout must be 0 to 10 minutes: " + timeout);
            }
            this.catchUpTimeout = timeout;
            return this;
        }

        /**
         * @param timeout online strategy: how long one run waits for the initial copy and streaming to
         *        catch up before it fails (resumable; default 30 min; 1 s to 24 h)
         */
        public Builder syncTimeout(Duration timeout) {
            if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("ShardMover: syncTimeout must be 1 second to 24 hours: " + timeout);
            }
            this.syncTimeout = timeout;
            return this;
        }

        Builder stepHook(MoveHook hook) {
            this.hook = hook;
            return this;
        }

        /** @throws IllegalArgumentException naming a missing setting; ShardMapException for an unknown map */
        public ShardMover build() {
            if (manager == null) {
                throw new IllegalArgumentException("ShardMover: manager(ShardMapManager) is required");
            }
            if (map == null || map.isBlank()) {
                throw new IllegalArgumentException("ShardMover: map(name) is required");
            }
            if (schema == null) {
                throw new IllegalArgumentException("ShardMover: schema(SchemaInfo) is required");
            }
            return new ShardMover(this);
        }
    }
}
