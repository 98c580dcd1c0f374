package io.cqrsrouting.benchmark.offload;

import io.cqrsrouting.core.RoutingSpi;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.benchmark.BenchSettings;
import io.cqrsrouting.benchmark.report.BalancedShare;
import io.cqrsrouting.core.EndpointStatus;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingDataSourceBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

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
 * Topology variants of {@code cqrsRouting} (the suite runs them at 90 % reads only):
 * {@code cqrsRoutingNoStandby} (a set with no standby: the router over the primary alone),
 * {@code cqrsRoutingTwoStandbys} (two standbys, each capped like the primary),
 * {@code cqrsRoutingPrimaryShare} (one standby; the primary takes the share
 * {@code cqrs.bench.primaryReadShare} of the replica reads, the router's {@code primaryReadShare}
 * setting).
 *
 * <p>Reports operations/s and, as secondary results, {@code reads}, {@code writes} and
 * {@code replicaReads} per second (the router's answer to "which route did this connection take")
 * and {@code errors}. Each trial also writes the database's own view to the side-results file: the
 * transactions each node ran ({@code pg_stat_database}), hence the primary's share of the work.
 *
 * <p>On the embedded set, where cgroup v1 can be written (as root), each node runs in a CPU group
 * of its own capped at {@code cqrs.bench.cpuCap} CPUs (default 0.5; 0 = account only), and the side
 * results carry each node's CPU time per operation and throttled periods over the measurement
 * iterations, and the client's own CPU time: what a node spends per operation, not what share of
 * transactions it ran.
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
    /** The router over a set with no standby. */
    public static final String NO_STANDBY = "cqrsRoutingNoStandby";
    /** The router over a set with two standbys. */
    public static final String TWO_STANDBYS = "cqrsRoutingTwoStandbys";
    /** The router letting the primary take a share of the replica reads. */
    public static final String PRIMARY_SHARE = "cqrsRoutingPrimaryShare";
    /** The targets the suite runs on both mixes. */
    public static final List<String> TARGETS = List.of("cqrsRouting", "cqrsRoutingTrackWritesOff",
            "manualSplit", "primaryOnly");
    /** The variants the suite runs on the 90 % mix only, embedded set only. */
    public static final List<String> VARIANTS = List.of(NO_STANDBY, TWO_STANDBYS, PRIMARY_SHARE);

    @Param({"cqrsRouting", "cqrsRoutingTrackWritesOff", "manualSplit", "primaryOnly",
            "cqrsRoutingNoStandby", "cqrsRoutingTwoStandbys", "cqrsRoutingPrimaryShare"})
    public String target;

    @Param({"90"})
    public int readPercent;

    private BenchDatabase db;
    private DataSource ds;
    private RoutingDataSource router;
    private DataSource readDs;
    private Map<String, Long> txBefore;
    private String server;
    private String durability;
    private double primaryReadShare;
    private boolean statsFlushed;
    private final List<NodeCpu> nodeCpu = new ArrayList<>();
    private double cpuCap;
    private final LongAdder ops = new LongAdder();
    // measurement iterations only: node CPU, throttled periods, client CPU, operations, wall time
    private final MeasuredCpu cpu = new MeasuredCpu(nodeCpu, ops);

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
        db = BenchDatabase.open(standbys(target));
        durability = db.durability();
        cpuCap = BenchSettings.getDouble("cpuCap", 0.5);
        if (db.embedded() && NodeCpu.available()) {
            try {
                nodeCpu.add(NodeCpu.attach("primary", db.primaryUrl(), db.username(), db.password(),
                        cpuCap));
                for (int i = 0; i < db.replicaUrls().size(); i++) {
                    nodeCpu.add(NodeCpu.attach("replica-" + (i + 1), db.replicaUrls().get(i),
                            db.username(), db.password(), cpuCap));
                }
            } catch (RuntimeException e) {
                // the report then says the nodes ran uncapped; the throughput is still measured
                System.err.println("offload: no per-node CPU caps or accounting: " + e.getMessage());
                nodeCpu.forEach(NodeCpu::close);
                nodeCpu.clear();
            }
        }
        txBefore = db.transactionCounts();
        server = db.server();
        int poolSize = 8;
        if (target.startsWith("cqrsRouting")) {
            RoutingDataSourceBuilder b = RoutingDataSource.builder()
                    .primary(db.primaryUrl(), db.username(), db.password())
                    .name("offload-bench")
                    .trackWrites(!"cqrsRoutingTrackWritesOff".equals(target))
                    .poolSize(poolSize);
            if (TWO_STANDBYS.equals(target) && db.replicaUrls().size() != 2) {
                throw new IllegalStateException(target + " needs 2 replicas; the database has "
                        + db.replicaUrls().size());
            }
            if (PRIMARY_SHARE.equals(target)) {
                primaryReadShare = BenchSettings.getDouble("primaryReadShare", BalancedShare.FALLBACK);
                b.primaryReadShare(primaryReadShare);
            }
            if (!NO_STANDBY.equals(target)) {
                for (String url : db.replicaUrls()) {
                    b.replica(url, db.username(), db.password());
                }
            }
            router = b.build();
            ds = router;
            try {
                if (!router.awaitMonitor(2, 10_000)) {
                    throw new IllegalStateException("the monitor did not probe within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if ("primaryOnly".equals(target)) {
            ds = pool("primary-only", db.primaryUrl(), poolSize);
        } else if ("manualSplit".equals(target)) {
            ds = pool("manual-primary", db.primaryUrl(), poolSize);
            readDs = pool("manual-replica", db.replicaUrls().get(0), poolSize);
        } else {
            throw new IllegalArgumentException("target: unknown '" + target + "'; known: "
                    + TARGETS + ", " + VARIANTS);
        }
    }

    /**
     * @param target a target
     * @return the standbys the embedded set gets for it: 0 and 2 for the topology variants, else
     *         {@code cqrs.bench.standbys} (default 1)
     */
    static int standbys(String target) {
        return NO_STANDBY.equals(target) ? 0 : TWO_STANDBYS.equals(target) ? 2
                : BenchSettings.getInt("standbys", 1);
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

    /**
     * Notes the counters at the start of a measurement iteration.
     *
     * @param params JMH's description of the iteration
     */
    @Setup(Level.Iteration)
    public void iterationStart(IterationParams params) {
        cpu.start(params.getType() == IterationType.MEASUREMENT);
    }

    /** Adds a measurement iteration's counters to the trial's. */
    @TearDown(Level.Iteration)
    public void iterationEnd() {
        cpu.end();
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
        // sessions flush their statistics when they end: read the counters once they are gone
        statsFlushed = db.awaitClientSessionsGone(java.time.Duration.ofSeconds(10));
        Map<String, Long> txAfter = statsFlushed ? db.transactionCounts() : Map.of();
        nodeCpu.forEach(NodeCpu::close);
        db.close();
        String out = BenchSettings.get("out");
        if (out != null) {
            SideResults.append(Path.of(out).resolve(SIDE_RESULTS), new SideResults.Trial(target,
                    readPercent, db.embedded(), server, db.replicaUrls().size(), durability,
                    statsFlushed, primaryReadShare), txBefore, txAfter, served, cpu,
                    nodeCpu.isEmpty() ? "null" : String.valueOf(cpuCap));
        }
    }

    /**
     * One operation of the mix.
     *
     * @param counters this thread's counters
     */
    @Benchmark
    public void mix(Counters counters) {
        ops.increment();
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
            return RoutingSpi.routeOf(c) == Route.REPLICA;
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
