package io.cqrsrouting.benchmark.offload;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.benchmark.BenchSettings;
import io.cqrsrouting.core.EndpointStatus;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingDataSourceBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A read-heavy mix on a real primary + hot standby: each operation reads one row by key
 * ({@code readPercent} % of operations, default 90) or updates one row, on a connection from the
 * data source under test. {@code cqrsRouting}: reads in {@code Routing.query}, writes in
 * {@code Routing.command}, on a {@link RoutingDataSource} over the primary and the replica(s), with
 * its defaults (writes record a read-your-writes token: one extra small query per write).
 * {@code cqrsRoutingTrackWritesOff}: the same with {@code trackWrites(false)} (no read-your-writes
 * token, no extra query per write). {@code manualSplit}: a control with no router: reads
 * hard-wired to a plain pool on the (first) replica, writes to a plain pool on the primary.
 * {@code primaryOnly}: everything on one HikariCP pool to the primary, as without routing.
 *
 * <p>Reports operations/s and, as secondary results, {@code reads}, {@code writes} and
 * {@code replicaReads} per second (the router's answer to "which route did this connection take")
 * and {@code errors}. Each trial also writes the database's own view to the side-results file: the
 * transactions each node ran ({@code pg_stat_database}), hence the primary's share of the work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
public class OffloadThroughputBenchmark {

    /** Side-results file name, in the directory of {@code cqrs.bench.out}. */
    public static final String SIDE_RESULTS = "offload-db.jsonl";

    @Param({"cqrsRouting", "cqrsRoutingTrackWritesOff", "manualSplit", "primaryOnly"})
    public String target;

    @Param({"90"})
    public int readPercent;

    private BenchDatabase db;
    private DataSource ds;
    private RoutingDataSource router;
    private DataSource readDs;
    private Map<String, Long> txBefore;
    private String server;

    /** Per-thread operation counts, reported by JMH as rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        /** Reads done. */
        public long reads;
        /** Writes done. */
        public long writes;
        /** Reads served on a replica connection. */
        public long replicaReads;
        /** Operations that failed. */
        public long errors;

        @Setup(Level.Iteration)
        public void reset() {
            reads = 0;
            writes = 0;
            replicaReads = 0;
            errors = 0;
        }
    }

    @Setup(Level.Trial)
    public void start() throws SQLException {
        if (readPercent < 0 || readPercent > 100) {
            throw new IllegalArgumentException("readPercent must be 0..100: " + readPercent);
        }
        db = BenchDatabase.open();
        txBefore = db.transactionCounts();
        server = db.server();
        int poolSize = 8;
        if (target.startsWith("cqrsRouting")) {
            RoutingDataSourceBuilder b = RoutingDataSource.builder()
                    .primary(db.primaryUrl(), db.username(), db.password())
                    .name("offload-bench")
                    .trackWrites(!"cqrsRoutingTrackWritesOff".equals(target))
                    .poolSize(poolSize);
            for (String url : db.replicaUrls()) {
                b.replica(url, db.username(), db.password());
            }
            router = b.build();
            ds = router;
            try {
                router.awaitMonitor(2, 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if ("primaryOnly".equals(target)) {
            ds = pool("primary-only", db.primaryUrl(), poolSize);
        } else if ("manualSplit".equals(target)) {
            ds = pool("manual-primary", db.primaryUrl(), poolSize);
            readDs = pool("manual-replica", db.replicaUrls().get(0), poolSize);
        } else {
            throw new IllegalArgumentException("target: unknown '" + target
                    + "'; known: cqrsRouting, cqrsRoutingTrackWritesOff, manualSplit, primaryOnly");
        }
    }

    private HikariDataSource pool(String name, String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(db.username());
        config.setPassword(db.password());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        Map<String, Long> served = new LinkedHashMap<>();
        if (router != null) {
            for (EndpointStatus e : router.endpoints()) {
                served.put(e.name(), e.served());
            }
            router.close();
        } else {
            ((HikariDataSource) ds).close();
        }
        if (readDs != null) {
            ((HikariDataSource) readDs).close();
        }
        // sessions flush their statistics when they end: read the counters after the pools closed
        BenchDatabase.sleep(300);
        Map<String, Long> txAfter = db.transactionCounts();
        db.close();
        writeSideResults(served, txAfter);
    }

    private void writeSideResults(Map<String, Long> served, Map<String, Long> txAfter)
            throws IOException {
        String out = BenchSettings.get("out");
        if (out == null) {
            return;
        }
        StringBuilder sb = new StringBuilder("{\"target\":\"").append(target)
                .append("\",\"readPercent\":").append(readPercent)
                .append(",\"embedded\":").append(db.embedded())
                .append(",\"server\":\"").append(server.replace("\"", "'")).append('"')
                .append(",\"transactions\":{");
        int i = 0;
        for (Map.Entry<String, Long> e : txAfter.entrySet()) {
            Long before = txBefore.get(e.getKey());
            long delta = before == null || before < 0 || e.getValue() < 0 ? -1
                    : e.getValue() - before;
            sb.append(i++ == 0 ? "" : ",").append('"').append(e.getKey()).append("\":").append(delta);
        }
        sb.append("},\"served\":{");
        i = 0;
        for (Map.Entry<String, Long> e : served.entrySet()) {
            sb.append(i++ == 0 ? "" : ",").append('"').append(e.getKey()).append("\":")
                    .append(e.getValue());
        }
        sb.append("}}\n");
        Path dir = Path.of(out);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SIDE_RESULTS), sb.toString(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * One operation of the mix.
     *
     * @param counters this thread's counters
     */
    @Benchmark
    public void mix(Counters counters) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int id = 1 + random.nextInt(BenchDatabase.ROWS);
        if (random.nextInt(100) < readPercent) {
            try {
                boolean onReplica = router != null ? Routing.query(() -> read(ds, id))
                        : readDs != null ? read(readDs, id) || true : read(ds, id);
                counters.reads++;
                if (onReplica) {
                    counters.replicaReads++;
                }
            } catch (SQLException | RuntimeException e) {
                counters.errors++;
            }
        } else {
            try {
                if (router != null) {
                    Routing.command(() -> write(id, random.nextInt()));
                } else {
                    write(id, random.nextInt());
                }
                counters.writes++;
            } catch (SQLException | RuntimeException e) {
                counters.errors++;
            }
        }
    }

    private static boolean read(DataSource from, int id) throws SQLException {
        try (Connection c = from.getConnection();
                PreparedStatement ps = c.prepareStatement(BenchDatabase.READ)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                rs.getLong(3);
            }
            return Routing.routeOf(c) == Route.REPLICA;
        }
    }

    private int write(int id, int value) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(BenchDatabase.WRITE)) {
            ps.setString(1, "v" + value);
            ps.setInt(2, id);
            return ps.executeUpdate();
        }
    }
}
