package io.cqrsrouting.benchmark.shard;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.shard.ShardedDataSource;
import io.cqrsrouting.shard.Sharding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Writers that insert orders through a {@link ShardedDataSource}, each retrying a refused request
 * (same customer, fresh order id) after {@value #BACKOFF_MILLIS} ms until it is acknowledged, as an
 * application does. For every request refused at least once they record how long it was blocked
 * (first attempt to acknowledgement) and how long its successful attempt took.
 */
final class MoveWriters implements AutoCloseable {

    static final int WRITERS = 4;
    static final int BACKOFF_MILLIS = 1;
    /** Order ids the writers use (above every seeded one), so the ledger can find them on the shards. */
    static final long FIRST_ID = 500_000_000L;

    final ConcurrentHashMap<Long, Long> acked = new ConcurrentHashMap<>();
    private final List<Long> blockedMicros = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> lastAttemptMicros = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong nextId = new AtomicLong(FIRST_ID);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final ShardedDataSource ds;
    private final String map;

    /** @param keys picks the customer of each request (called on the writer threads) */
    MoveWriters(ShardedDataSource ds, String map, LongSupplier keys) {
        this.ds = ds;
        this.map = map;
        for (int i = 0; i < WRITERS; i++) {
            Thread t = new Thread(() -> loop(keys), "move-writer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop(LongSupplier keys) {
        while (!stop.get()) {
            long key = keys.getAsLong();
            long first = System.nanoTime();
            boolean refused = false;
            while (!stop.get()) {
                long id = nextId.getAndIncrement();
                long attempt = System.nanoTime();
                try {
                    Sharding.withKey(map, key, () -> Routing.command(() -> insert(id, key)));
                    acked.put(id, key);
                    if (refused) {
                        long now = System.nanoTime();
                        blockedMicros.add((now - first) / 1000);
                        lastAttemptMicros.add((now - attempt) / 1000);
                    }
                    break;
                } catch (SQLException | RuntimeException e) {
                    refused = true;
                    pause();
                }
            }
        }
    }

    private Object insert(long id, long key) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into app.orders (order_id, customer_id, amount) values (?, ?, 1)")) {
            ps.setLong(1, id);
            ps.setLong(2, key);
            ps.executeUpdate();
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(BACKOFF_MILLIS); // an application's shortest back-off before it retries
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void awaitAcks(int more) {
        long target = acked.size() + more;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (acked.size() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("writers stalled");
            }
            pause();
        }
    }

    int refusedRequests() {
        return blockedMicros.size();
    }

    List<Long> blocked() {
        return sorted(blockedMicros);
    }

    List<Long> lastAttempts() {
        return sorted(lastAttemptMicros);
    }

    private static List<Long> sorted(List<Long> from) {
        synchronized (from) {
            List<Long> l = new ArrayList<>(from);
            Collections.sort(l);
            return l;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
