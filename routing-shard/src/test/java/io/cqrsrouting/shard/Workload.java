package io.cqrsrouting.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Writers and a reader running through a {@link ShardedDataSource} while a test fails a shard
 * over: each writer inserts rows with its own increasing keys, retries a failed insert (every
 * SQLException is treated as retryable, as an application would) and records the keys whose
 * insert was acknowledged. Table {@code orders(id bigint primary key, written_at timestamptz)}.
 */
final class Workload implements AutoCloseable {

    static final String DDL = "create table orders (id bigint primary key,"
            + " written_at timestamptz not null default clock_timestamp())";

    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    final AtomicLong reads = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads;
    private final ShardedDataSource ds;
    private final String map;

    /** @param keyBases one writer per base: keys base, base+1, ... */
    Workload(ShardedDataSource ds, String map, long... keyBases) {
        this.ds = ds;
        this.map = map;
        java.util.ArrayList<Thread> list = new java.util.ArrayList<>();
        for (long base : keyBases) {
            list.add(new Thread(() -> write(base), "writer-" + base));
        }
        list.add(new Thread(() -> read(keyBases[0]), "reader"));
        this.threads = List.copyOf(list);
        threads.forEach(Thread::start);
    }

    private void write(long base) {
        long key = base;
        while (!stop.get()) {
            long k = key;
            try {
                Sharding.withKey(map, k, () -> Routing.command(() -> {
                    try (Connection c = ds.getConnection();
                            PreparedStatement ps = c.prepareStatement("insert into orders (id) values (?) on conflict do nothing")) {
                        ps.setLong(1, k);
                        ps.executeUpdate();
                    }
                    return null;
                }));
                acked.add(k);
                key++;
            } catch (SQLException | RuntimeException e) {
                errors.add(e.getClass().getSimpleName());
                pause();
            }
        }
    }

    private void read(long key) {
        while (!stop.get()) {
            try {
                Sharding.withKey(map, key, () -> Routing.query(() -> {
                    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select count(*) from orders");
                            ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                    return null;
                }));
                reads.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20); // back-off between retries of a failed statement, as an application would
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (bounded) until {@code more} further writes in {@code [low, high)} were acknowledged. */
    void awaitAcked(long low, long high, int more, Duration timeout) {
        long start = count(low, high);
        await(() -> count(low, high) >= start + more, timeout, more + " more acknowledged writes");
    }

    void awaitReads(int more, Duration timeout) {
        long start = reads.get();
        await(() -> reads.get() >= start + more, timeout, more + " more reads");
    }

    long count(long low, long high) {
        return acked.stream().filter(k -> k >= low && k < high).count();
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** @return the ids in {@code orders} at {@code url} */
    static Set<Long> ids(String url) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (Connection c = ShardTestbed.connect(url); PreparedStatement ps = c.prepareStatement("select id from orders");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
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
