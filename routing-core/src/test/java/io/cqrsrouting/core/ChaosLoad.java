package io.cqrsrouting.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Concurrent writers and readers through a router, counting what a failover does to them:
 * acknowledged writes (to check later for loss and duplicates), failures, and the first success
 * after a given moment.
 */
final class ChaosLoad implements AutoCloseable {

    final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    final LongAdder failedWrites = new LongAdder();
    final LongAdder writesUnavailable = new LongAdder();
    final LongAdder reads = new LongAdder();
    final LongAdder failedReads = new LongAdder();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong firstWriteAfter = new AtomicLong(Long.MAX_VALUE);
    private final List<Thread> threads = new ArrayList<>();
    private final DataSource router;
    private volatile long markNanos = Long.MAX_VALUE;
    private volatile boolean running = true;

    ChaosLoad(DataSource router, int writers, int readers) {
        this.router = router;
        for (int i = 0; i < writers; i++) {
            threads.add(start("writer-" + i, this::writeLoop));
        }
        for (int i = 0; i < readers; i++) {
            threads.add(start("reader-" + i, this::readLoop));
        }
    }

    private static Thread start(String name, Runnable loop) {
        Thread t = new Thread(loop, "chaos-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** From now on, remember when the first write succeeds. */
    void mark() {
        firstWriteAfter.set(Long.MAX_VALUE);
        markNanos = System.nanoTime();
    }

    /** @return millis from {@link #mark()} to the first acknowledged write after it, or -1 */
    long millisToFirstWriteAfterMark() {
        long t = firstWriteAfter.get();
        return t == Long.MAX_VALUE ? -1 : (t - markNanos) / 1_000_000;
    }

    private void writeLoop() {
        while (running) {
            long id = ids.incrementAndGet();
            try {
                Routing.command(() -> {
                    try (Connection c = router.getConnection();
                            PreparedStatement ps = c.prepareStatement(
                                    "INSERT INTO chaos (id) VALUES (?)")) {
                        ps.setLong(1, id);
                        ps.executeUpdate();
                    }
                    return null;
                });
                acknowledged.add(id);
                long now = System.nanoTime();
                if (now >= markNanos) {
                    firstWriteAfter.accumulateAndGet(now, Math::min);
                }
            } catch (WritesUnavailableException e) {
                writesUnavailable.increment();
                pause(5);
            } catch (SQLException | RuntimeException e) {
                failedWrites.increment();
                pause(5);
            }
        }
    }

    private void readLoop() {
        while (running) {
            try {
                Routing.query(() -> {
                    try (Connection c = router.getConnection(); Statement st = c.createStatement();
                            ResultSet rs = st.executeQuery("SELECT count(*) FROM chaos")) {
                        rs.next();
                    }
                    return null;
                });
                reads.increment();
            } catch (SQLException | RuntimeException e) {
                failedReads.increment();
                pause(5);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the load and waits for every thread.
     *
     * @param timeoutMillis the longest wait per thread
     * @return the number of threads still blocked after the wait (hung threads)
     */
    int stop(long timeoutMillis) throws InterruptedException {
        running = false;
        int hung = 0;
        for (Thread t : threads) {
            t.join(timeoutMillis);
            hung += t.isAlive() ? 1 : 0;
        }
        return hung;
    }

    /** Checks every acknowledged write against the table on {@code survivor}. */
    Report verify(Connection survivor, String scenario, int hung, long recoveryMillis,
            long promotionMillis) throws SQLException {
        Set<Long> present = ConcurrentHashMap.newKeySet();
        long rows;
        try (Statement st = survivor.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM chaos")) {
            rows = 0;
            while (rs.next()) {
                present.add(rs.getLong(1));
                rows++;
            }
        }
        long lost = acknowledged.stream().filter(id -> !present.contains(id)).count();
        Report r = new Report(scenario, acknowledged.size(), lost, rows - present.size(),
                failedWrites.sum(), writesUnavailable.sum(), reads.sum(), failedReads.sum(), hung,
                recoveryMillis, promotionMillis);
        System.out.println(r);
        return r;
    }

    @Override
    public void close() throws InterruptedException {
        stop(1_000);
    }

    record Report(String scenario, long acknowledged, long lost, long duplicates,
            long failedWrites, long writesUnavailable, long reads, long failedReads, int hung,
            long promotionToFirstCommandMillis, long promotionMillis) {
        @Override
        public String toString() {
            return "CHAOS " + scenario + ": acknowledged=" + acknowledged + " lost=" + lost
                    + " duplicates=" + duplicates + " failedWrites=" + failedWrites
                    + " writesUnavailable=" + writesUnavailable + " reads=" + reads
                    + " failedReads=" + failedReads + " hungThreads=" + hung
                    + " promotion=" + promotionMillis + "ms"
                    + " promotionToFirstCommand=" + promotionToFirstCommandMillis + "ms";
        }
    }
}
