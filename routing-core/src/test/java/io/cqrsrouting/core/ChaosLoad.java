package io.cqrsrouting.core;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.retry.Retrier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Concurrent writers and readers through a router, with an oracle.
 *
 * <p>Writer {@code w} commits rows {@code (w, 1), (w, 2), ...} into {@code chaos(writer, seq)},
 * each in its own command, and records every acknowledged commit in a ledger with the time it
 * was acknowledged. After each acknowledged write it reads its own row back with
 * read-your-writes (in the writer's own session): a miss counts as an own write missing.
 * Readers run bounded queries ({@code maxStaleness}) for the highest row of a random writer: a
 * read that started at T must see every row acknowledged before {@code T - bound - precision}
 * (precision: the monitor interval, as documented); one that does
 * not is stale beyond the bound (judged at the end against the rows that survived, so that a
 * write lost in a crash is counted as lost, not as a stale read). At the end the surviving table
 * gives lost (acknowledged, absent) and duplicated (present twice) writes; threads that do not
 * stop in time are hung.
 */
final class ChaosLoad {

    /** What the load does. */
    static final class Options {
        int writers = 4;
        int readers = 2;
        long boundMillis = 500;
        long rywWaitMillis = 100;
        long precisionMillis = 50; // the monitor interval: lag is measured that precisely
        Retrier retrier; // when set, writers retry through it (non-idempotent commands)
    }

    private record Violation(int writer, long seen, long required) {
    }

    final LongAdder acknowledged = new LongAdder();
    final LongAdder failedWrites = new LongAdder();
    final LongAdder writesUnavailable = new LongAdder();
    final LongAdder poolExhausted = new LongAdder();
    final LongAdder reads = new LongAdder();
    final LongAdder rywReads = new LongAdder();
    final LongAdder failedReads = new LongAdder();
    final LongAdder ownWritesMissing = new LongAdder();
    final AtomicLong slowestRywNanos = new AtomicLong();
    private final List<ConcurrentSkipListMap<Long, Long>> ledger = new ArrayList<>();
    private final ConcurrentLinkedQueue<Violation> violations = new ConcurrentLinkedQueue<>();
    private final AtomicLong firstWriteAfter = new AtomicLong(Long.MAX_VALUE);
    private final List<Thread> threads = new ArrayList<>();
    private final RoutingDataSource router;
    private final Options options;
    private volatile long markNanos = Long.MAX_VALUE;
    private volatile boolean running = true;

    ChaosLoad(RoutingDataSource router, Options options) {
        this.router = router;
        this.options = options;
        for (int i = 0; i < options.writers; i++) {
            ledger.add(new ConcurrentSkipListMap<>());
        }
        for (int i = 0; i < options.writers; i++) {
            int w = i;
            threads.add(start("writer-" + i, () -> writeLoop(w)));
        }
        for (int i = 0; i < options.readers; i++) {
            threads.add(start("reader-" + i, this::readLoop));
        }
    }

    ChaosLoad(RoutingDataSource router, int writers, int readers) {
        this(router, options(writers, readers));
    }

    static Options options(int writers, int readers) {
        Options o = new Options();
        o.writers = writers;
        o.readers = readers;
        return o;
    }

    static void createTable(String url, io.cqrsrouting.testkit.PostgresReplicaSet set) {
        Nodes.execute(url, set, "CREATE TABLE chaos (writer int, seq bigint)");
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

    /** Waits (polling) until {@code more} further writes are acknowledged; fails the test if not. */
    void awaitWrites(long more, long timeoutMillis) {
        long target = acknowledged.sum() + more;
        Waits.until(more + " more acknowledged writes", java.time.Duration.ofMillis(timeoutMillis),
                () -> acknowledged.sum() >= target);
    }

    /** Waits (polling) until {@code more} further reads succeed; fails the test if not. */
    void awaitReads(long more, long timeoutMillis) {
        long target = reads.sum() + more;
        Waits.until(more + " more successful reads", java.time.Duration.ofMillis(timeoutMillis),
                () -> reads.sum() >= target);
    }

    /** Waits until the first write after {@link #mark()}; fails the test if it does not come. */
    void awaitFirstWriteAfterMark(long timeoutMillis) {
        Waits.until("a write after the failover", java.time.Duration.ofMillis(timeoutMillis),
                () -> millisToFirstWriteAfterMark() >= 0);
    }

    private void writeLoop(int w) {
        Routing.session(() -> {
            long seq = 0;
            while (running) {
                long s = ++seq;
                try {
                    if (options.retrier != null) {
                        options.retrier.call(RoutingIntent.command(), false, () -> insert(w, s));
                    } else {
                        insert(w, s);
                    }
                } catch (WritesUnavailableException e) {
                    writesUnavailable.increment();
                    pause();
                    continue;
                } catch (PoolExhaustedException e) {
                    poolExhausted.increment();
                    pause();
                    continue;
                } catch (Exception e) {
                    if (e.getCause() instanceof PoolExhaustedException) {
                        poolExhausted.increment();
                    } else {
                        failedWrites.increment();
                    }
                    pause();
                    continue;
                }
                long now = System.nanoTime();
                ledger.get(w).put(now, s);
                acknowledged.increment();
                if (now - markNanos >= 0) {
                    firstWriteAfter.accumulateAndGet(now, Math::min);
                }
                checkOwnWrite(w, s);
            }
            return null;
        });
    }

    private Void insert(int w, long s) throws SQLException {
        return Routing.command(() -> {
            try (Connection c = router.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO chaos VALUES (?, ?)")) {
                ps.setInt(1, w);
                ps.setLong(2, s);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void checkOwnWrite(int w, long s) {
        long t0 = System.nanoTime();
        try {
            long seen = Routing.consistent(Consistent.Level.READ_YOUR_WRITES,
                    options.rywWaitMillis, () -> maxSeq(w));
            rywReads.increment();
            if (seen < s) {
                ownWritesMissing.increment();
            }
        } catch (SQLException | RuntimeException e) {
            failedReads.increment();
        }
        slowestRywNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
    }

    private void readLoop() {
        while (running) {
            int w = ThreadLocalRandom.current().nextInt(options.writers);
            long cutoff = System.nanoTime()
                    - (options.boundMillis + options.precisionMillis) * 1_000_000L;
            Map.Entry<Long, Long> due = ledger.get(w).floorEntry(cutoff);
            long required = due == null ? 0 : due.getValue();
            try {
                long seen = Routing.query(options.boundMillis, () -> maxSeq(w));
                reads.increment();
                if (seen < required) {
                    violations.add(new Violation(w, seen, required));
                }
            } catch (SQLException | RuntimeException e) {
                failedReads.increment();
                pause();
            }
        }
    }

    private long maxSeq(int w) throws SQLException {
        try (Connection c = router.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT coalesce(max(seq), 0) FROM chaos WHERE writer = ?")) {
            ps.setInt(1, w);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // A client's pacing after a failed call (not a test wait).
    private static void pause() {
        LockSupport.parkNanos(5_000_000L);
    }

    /**
     * Stops the load and waits for every thread.
     *
     * @param timeoutMillis the longest wait per thread
     * @return the number of threads still running after the wait (hung threads)
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

    /** Checks the ledger and the reads against the table on {@code survivor}. */
    Report verify(Connection survivor, String scenario, int hung, long recoveryMillis,
            long promotionMillis) throws SQLException {
        Map<Long, Integer> copies = new HashMap<>();
        try (Statement st = survivor.createStatement();
                ResultSet rs = st.executeQuery("SELECT writer, seq, count(*) FROM chaos"
                        + " GROUP BY writer, seq")) {
            while (rs.next()) {
                copies.put(key(rs.getInt(1), rs.getLong(2)), rs.getInt(3));
            }
        }
        long lost = 0;
        Set<Long> acked = new HashSet<>();
        for (int w = 0; w < ledger.size(); w++) {
            for (long s : ledger.get(w).values()) {
                acked.add(key(w, s));
                lost += copies.containsKey(key(w, s)) ? 0 : 1;
            }
        }
        long duplicates = copies.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        long stale = 0;
        for (Violation v : violations) {
            // Stale only if an acknowledged write it should have seen survived.
            for (long s = v.required(); s > v.seen(); s--) {
                if (acked.contains(key(v.writer(), s)) && copies.containsKey(key(v.writer(), s))) {
                    stale++;
                    break;
                }
            }
        }
        Report r = new Report(scenario, acknowledged.sum(), lost, duplicates, stale,
                ownWritesMissing.sum(), reads.sum(), rywReads.sum(), failedWrites.sum(),
                writesUnavailable.sum(), poolExhausted.sum(), failedReads.sum(), hung,
                recoveryMillis, promotionMillis, slowestRywNanos.get() / 1_000_000L);
        System.out.println(r);
        return r;
    }

    private static long key(int writer, long seq) {
        return ((long) writer << 48) | seq;
    }

    record Report(String scenario, long acknowledged, long lost, long duplicates,
            long staleBeyondBound, long ownWritesMissing, long reads, long rywReads,
            long failedWrites, long writesUnavailable, long poolExhausted, long failedReads,
            int hung, long promotionToFirstCommandMillis, long promotionMillis,
            long slowestRywMillis) {
        @Override
        public String toString() {
            return "CHAOS " + scenario + ": acknowledged=" + acknowledged + " lost=" + lost
                    + " duplicates=" + duplicates + " staleBeyondBound=" + staleBeyondBound
                    + " ownWritesMissing=" + ownWritesMissing + " boundedReads=" + reads
                    + " rywReads=" + rywReads + " failedWrites=" + failedWrites
                    + " writesUnavailable=" + writesUnavailable + " poolExhausted="
                    + poolExhausted + " failedReads=" + failedReads + " hungThreads=" + hung
                    + " promotion=" + promotionMillis + "ms"
                    + " promotionToFirstCommand=" + promotionToFirstCommandMillis + "ms"
                    + " slowestRyw=" + slowestRywMillis + "ms";
        }
    }
}
