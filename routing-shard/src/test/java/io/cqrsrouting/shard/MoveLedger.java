package io.cqrsrouting.shard;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.Routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers and readers running through a {@link ShardedDataSource} while a move runs, keeping a
 * client-side ledger: every acknowledged order (a fresh id per attempt, so a retry can never
 * double a row), how long each writer was refused for keys of the moving range (from its first
 * refused attempt to its next acknowledged one), and every read of a moving customer that did not
 * find it (a half-moved shardlet), by two readers: one on the shards' primaries, one reading
 * read-your-writes from their replicas. Schema of {@link MoveFixture}: orders of existing customers.
 */
final class MoveLedger implements AutoCloseable {

    /** Acknowledged order id → customer key. */
    final Map<Long, Long> acked = new ConcurrentHashMap<>();
    final AtomicLong movingAcks = new AtomicLong();
    final AtomicLong reads = new AtomicLong();
    final AtomicLong missingReads = new AtomicLong();
    /** What each read that missed its customer saw: the node, and that node's copy of the local map. */
    final java.util.Queue<String> misses = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /**
     * The same for the replica reader. Validation and the read are two statements: a standby may
     * replay the switch between them; the mover keeps the source's rows until such connections
     * have been used (docs/sharding-moves.md, "Reads across the switch").
     */
    final java.util.Queue<String> replicaMisses = new java.util.concurrent.ConcurrentLinkedQueue<>();
    final List<Long> blockedMillis = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong nextId = new AtomicLong(50_000_000L);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final ShardedDataSource ds;
    private final String map;
    private final long[] keys;
    private final LongPredicate moving;

    MoveLedger(ShardedDataSource ds, String map, long[] keys, LongPredicate moving, int writers) {
        this.ds = ds;
        this.map = map;
        this.keys = keys;
        this.moving = moving;
        for (int i = 0; i < writers; i++) {
            threads.add(new Thread(this::write, "ledger-writer-" + i));
        }
        threads.add(new Thread(() -> read(Consistent.Level.PRIMARY), "ledger-reader-primary"));
        threads.add(new Thread(() -> read(Consistent.Level.READ_YOUR_WRITES), "ledger-reader-replicas"));
        threads.forEach(Thread::start);
    }

    private void write() {
        long refusedSince = 0;
        while (!stop.get()) {
            long key = keys[ThreadLocalRandom.current().nextInt(keys.length)];
            long id = nextId.getAndIncrement();
            try {
                Sharding.withKey(map, key, () -> Routing.command(() -> {
                    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                            "insert into app.orders (order_id, customer_id, amount) values (?, ?, 1)")) {
                        ps.setLong(1, id);
                        ps.setLong(2, key);
                        ps.executeUpdate();
                    }
                    return null;
                }));
                acked.put(id, key);
                if (moving.test(key)) {
                    movingAcks.incrementAndGet();
                    if (refusedSince != 0) {
                        blockedMillis.add((System.nanoTime() - refusedSince) / 1_000_000);
                        refusedSince = 0;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (moving.test(key) && refusedSince == 0) {
                    refusedSince = System.nanoTime();
                }
                backOff();
            }
        }
    }

    /** PRIMARY: the shard's primary; READ_YOUR_WRITES: a caught-up replica of the shard (this reader never writes). */
    private void read(Consistent.Level level) {
        while (!stop.get()) {
            long key = keys[ThreadLocalRandom.current().nextInt(keys.length)];
            if (!moving.test(key)) {
                continue;
            }
            try {
                String found = Sharding.withKey(map, key, () -> Routing.consistent(level, 0, () -> {
                    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select count(*)"
                            + " || ' on ' || current_database() || (case when pg_is_in_recovery() then ' standby' else"
                            + " ' primary' end) || ' lsm: ' || coalesce((select string_agg(encode(low, 'hex') || '-' ||"
                            + " coalesce(encode(high, 'hex'), '') || ':' || status || ':' || version, ',') from"
                            + " cqrs_shard_lsm.mappings), '') from app.customers where id = ?")) {
                        ps.setLong(1, key);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getString(1);
                        }
                    }
                }));
                reads.incrementAndGet();
                if (!found.startsWith("1 ")) {
                    missingReads.incrementAndGet();
                    (level == Consistent.Level.PRIMARY ? misses : replicaMisses).add(level + " key " + key + ": " + found);
                }
            } catch (SQLException | RuntimeException e) {
                backOff();
            }
        }
    }

    private static void backOff() {
        try {
            Thread.sleep(2); // an application's back-off before it retries a refused write
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (bounded) for {@code more} further acknowledged writes to the moving range. */
    void awaitMovingAcks(int more, long timeoutMillis) {
        long target = movingAcks.get() + more;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (movingAcks.get() < target) {
            assertThat(System.nanoTime()).as("waiting for " + more + " writes to the moving range").isLessThan(deadline);
            backOff();
        }
    }

    /** Waits (bounded) for {@code more} further acknowledged writes to any key. */
    void awaitAcks(int more, long timeoutMillis) {
        long target = acked.size() + more;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (acked.size() < target) {
            assertThat(System.nanoTime()).as("waiting for " + more + " writes").isLessThan(deadline);
            backOff();
        }
    }

    long maxBlockedMillis() {
        synchronized (blockedMillis) {
            return blockedMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    /** Order id → customer of a shard database. */
    static Map<Long, Long> orders(String url) throws SQLException {
        Map<Long, Long> out = new HashMap<>();
        try (Connection c = ShardTestbed.connect(url);
                PreparedStatement ps = c.prepareStatement("select order_id, customer_id from app.orders");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return out;
    }

    /**
     * Every acknowledged order is on exactly one shard, the one its key belongs to now; no order is on
     * both.
     */
    void assertEveryAckOnItsShardOnce(String sourceUrl, String targetUrl) throws SQLException {
        assertEveryAckOnItsShardOnce(sourceUrl, targetUrl, moving);
    }

    /** As above, with the keys that now belong to the second shard given by {@code onTarget}. */
    void assertEveryAckOnItsShardOnce(String sourceUrl, String targetUrl, LongPredicate onTargetNow) throws SQLException {
        Map<Long, Long> src = orders(sourceUrl);
        Map<Long, Long> tgt = orders(targetUrl);
        java.util.Set<Long> both = new java.util.HashSet<>(src.keySet());
        both.retainAll(tgt.keySet());
        assertThat(both).as("orders on both shards").isEmpty();
        List<Long> lost = new ArrayList<>();
        List<Long> misplaced = new ArrayList<>();
        acked.forEach((id, key) -> {
            boolean onTarget = tgt.containsKey(id);
            if (!onTarget && !src.containsKey(id)) {
                lost.add(id);
            } else if (onTarget != onTargetNow.test(key)) {
                misplaced.add(id);
            }
        });
        assertThat(lost).as("acknowledged orders lost").isEmpty();
        assertThat(misplaced).as("acknowledged orders on the wrong shard").isEmpty();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
            assertThat(t.isAlive()).as(t.getName() + " stopped").isFalse();
        }
    }
}
