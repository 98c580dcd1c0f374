package io.cqrsrouting.benchmark.offload;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.benchmark.report.Json;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingDataSourceBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * An open-loop load sweep: operations of the offload mix arrive on a fixed schedule (rate r: one
 * every 1/r s) whatever the system does, and each one's latency is measured from its
 * <em>scheduled</em> start, so a system that falls behind shows the queueing it causes instead of
 * hiding it (no coordinated omission). For each target, the sweep first finds the closed-loop
 * throughput of {@code primaryOnly} on this machine (C), then offers 0.25, 0.5, 0.75, 1, 1.25 and
 * 1.5 × C to each target and reports achieved ops/s, p50 and p99 latency. Nodes are CPU-capped as
 * in {@link OffloadThroughputBenchmark}. Writes {@link #RESULT_FILE}.
 */
public final class OpenLoopSweep {

    /** The result file name. */
    public static final String RESULT_FILE = "sweep.json";

    private static final double[] LOADS = {0.25, 0.5, 0.75, 1.0, 1.25, 1.5};
    private static final int WORKERS = 32;
    private static final int POOL = 8;

    private final Duration step;
    private final int readPercent;
    private final double cpuCap;

    /**
     * @param step how long each offered rate runs
     * @param readPercent share of reads in the mix
     * @param cpuCap per-node CPU cap (0: accounting only)
     */
    public OpenLoopSweep(Duration step, int readPercent, double cpuCap) {
        this.step = step;
        this.readPercent = readPercent;
        this.cpuCap = cpuCap;
    }

    /** One offered rate on one target. */
    record Point(String target, double offered, double achieved, double p50Millis,
            double p99Millis, long errors) {
    }

    /**
     * Runs the sweep and writes {@link #RESULT_FILE}.
     *
     * @param outDir where to write
     * @return the points
     * @throws Exception on setup failure
     */
    public List<Point> run(Path outDir) throws Exception {
        List<Point> points = new ArrayList<>();
        try (BenchDatabase db = BenchDatabase.open()) {
            List<NodeCpu> caps = new ArrayList<>();
            try {
                if (db.embedded() && NodeCpu.available()) {
                    caps.add(NodeCpu.attach("primary", db.primaryUrl(), db.username(), db.password(), cpuCap));
                    for (int i = 0; i < db.replicaUrls().size(); i++) {
                        caps.add(NodeCpu.attach("replica-" + (i + 1), db.replicaUrls().get(i),
                                db.username(), db.password(), cpuCap));
                    }
                }
                double capacity;
                try (Target primaryOnly = Target.open("primaryOnly", db)) {
                    capacity = closedLoop(primaryOnly, step);
                }
                System.out.printf(Locale.ROOT, "sweep: primaryOnly closed-loop capacity %.0f ops/s%n",
                        capacity);
                for (String name : List.of("primaryOnly", "cqrsRouting")) {
                    try (Target t = Target.open(name, db)) {
                        for (double load : LOADS) {
                            Point p = openLoop(t, Math.max(1, load * capacity));
                            points.add(p);
                            System.out.printf(Locale.ROOT, "sweep: %-12s offered %7.0f/s achieved %7.0f/s"
                                    + " p50 %8.2f ms p99 %8.2f ms errors %d%n", p.target(), p.offered(),
                                    p.achieved(), p.p50Millis(), p.p99Millis(), p.errors());
                        }
                    }
                }
            } finally {
                caps.forEach(NodeCpu::close);
            }
        }
        Files.createDirectories(outDir);
        StringBuilder sb = new StringBuilder("{\"readPercent\": ").append(readPercent)
                .append(", \"cpuCap\": ").append(cpuCap).append(", \"points\": [");
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "  {\"target\": %s, \"offered\": %.1f, \"achieved\": %.1f, \"p50Millis\": %.3f,"
                            + " \"p99Millis\": %.3f, \"errors\": %d}",
                    Json.quote(p.target()), p.offered(), p.achieved(), p.p50Millis(), p.p99Millis(),
                    p.errors()));
        }
        sb.append("\n]}\n");
        Files.writeString(outDir.resolve(RESULT_FILE), sb.toString(), StandardCharsets.UTF_8);
        return points;
    }

    /** Closed loop with as many callers as pool connections: the throughput the target sustains. */
    private double closedLoop(Target t, Duration length) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            Thread th = new Thread(() -> {
                SplittableRandom r = new SplittableRandom();
                while (System.nanoTime() < end) {
                    if (t.operation(r, readPercent)) {
                        done.incrementAndGet();
                    }
                }
            }, "sweep-closed-" + i);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        return done.get() / (length.toNanos() / 1e9);
    }

    private Point openLoop(Target t, double rate) throws InterruptedException {
        long interval = Math.max(1, (long) (1e9 / rate));
        int count = (int) Math.max(1, step.toNanos() / interval);
        long[] latency = new long[count];
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime() + 50_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Thread th = new Thread(() -> {
                SplittableRandom r = new SplittableRandom();
                for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long scheduled = start + i * interval;
                    long wait = scheduled - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (!t.operation(r, readPercent)) {
                        errors.incrementAndGet();
                    }
                    latency[(int) i] = System.nanoTime() - scheduled;
                }
            }, "sweep-open-" + w);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        long elapsed = System.nanoTime() - start;
        long[] sorted = latency.clone();
        Arrays.sort(sorted);
        return new Point(t.name, rate, count / (elapsed / 1e9), quantile(sorted, 0.50) / 1e6,
                quantile(sorted, 0.99) / 1e6, errors.get());
    }

    private static double quantile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** A data source under test with the offload mix's operations. */
    private static final class Target implements AutoCloseable {
        final String name;
        final DataSource ds;
        final RoutingDataSource router;

        private Target(String name, DataSource ds, RoutingDataSource router) {
            this.name = name;
            this.ds = ds;
            this.router = router;
        }

        static Target open(String name, BenchDatabase db) throws InterruptedException {
            if (name.equals("primaryOnly")) {
                HikariConfig config = new HikariConfig();
                config.setPoolName("sweep-primary-only");
                config.setJdbcUrl(db.primaryUrl());
                config.setUsername(db.username());
                config.setPassword(db.password());
                config.setMaximumPoolSize(POOL);
                return new Target(name, new HikariDataSource(config), null);
            }
            RoutingDataSourceBuilder b = RoutingDataSource.builder()
                    .primary(db.primaryUrl(), db.username(), db.password())
                    .name("sweep-bench")
                    .poolSize(POOL);
            for (String url : db.replicaUrls()) {
                b.replica(url, db.username(), db.password());
            }
            RoutingDataSource router = b.build();
            if (!router.awaitMonitor(2, 10_000)) {
                router.close();
                throw new IllegalStateException("sweep: the router's monitor made no probe in 10 s");
            }
            return new Target(name, router, router);
        }

        /** @return true if the operation succeeded */
        boolean operation(SplittableRandom r, int readPercent) {
            int id = 1 + r.nextInt(BenchDatabase.ROWS);
            try {
                if (r.nextInt(100) < readPercent) {
                    if (router != null) {
                        Routing.query(() -> read(id));
                    } else {
                        read(id);
                    }
                } else if (router != null) {
                    Routing.command(() -> write(id, r.nextInt()));
                } else {
                    write(id, r.nextInt());
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        }

        private Void read(int id) throws SQLException {
            try (Connection c = ds.getConnection();
                    PreparedStatement ps = c.prepareStatement(BenchDatabase.READ)) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            return null;
        }

        private Void write(int id, int value) throws SQLException {
            try (Connection c = ds.getConnection();
                    PreparedStatement ps = c.prepareStatement(BenchDatabase.WRITE)) {
                ps.setString(1, "v" + value);
                ps.setInt(2, id);
                ps.executeUpdate();
            }
            return null;
        }

        @Override
        public void close() {
            if (router != null) {
                router.close();
            } else {
                ((HikariDataSource) ds).close();
            }
        }
    }
}
