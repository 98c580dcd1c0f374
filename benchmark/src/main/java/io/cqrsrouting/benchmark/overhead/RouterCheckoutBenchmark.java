package io.cqrsrouting.benchmark.overhead;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.dialect.Dialects;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The router alone, without Spring: one read as a framework adapter runs it (enter a {@code @Query}
 * scope, take a connection, run one statement, read the row, close, leave the scope) against the
 * same read on the replica's pool with no scope. The stub driver keeps the database out of it, so
 * the difference is the router's own per-call cost (scope, routing decision, wrapper, accounting).
 * For ablations of the per-call path; {@link RoutingOverheadBenchmark} is the user-level measure.
 *
 * <p>Modes: {@code direct} (the replica's HikariCP pool), {@code routed} (a {@link RoutingDataSource}
 * over the same pools, monitor on, defaults). Run with {@code -prof gc} for B/op, with
 * {@code -t 4} for contention.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RouterCheckoutBenchmark {

    @Param({"direct", "routed"})
    public String mode;

    private StubPools pools;
    private RoutingDataSource router;
    private DataSource ds;
    private boolean scoped;
    private final RoutingIntent query = RoutingIntent.query();

    @Setup(Level.Trial)
    public void start() throws Exception {
        pools = new StubPools();
        if (mode.equals("direct")) {
            ds = pools.replica();
        } else if (mode.equals("routed")) {
            router = RoutingDataSource.builder().primary(pools.primary()).replica(pools.replica())
                    .dialect(Dialects.postgresql()).name("stub").build();
            if (!router.awaitMonitor(1, 10_000)) {
                throw new IllegalStateException("the monitor did not probe within 10 s");
            }
            ds = router;
            scoped = true;
        } else {
            throw new IllegalArgumentException(mode);
        }
        if (read() != 1) {
            throw new IllegalStateException(mode + ": unexpected result");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (router != null) {
            router.close();
        }
        pools.close();
    }

    /** @return 1; one read on the replica route */
    @Benchmark
    public int read() throws SQLException {
        if (!scoped) {
            return run(ds);
        }
        RoutingSpi.Scopes scopes = RoutingSpi.scopes();
        int mark = scopes.enter(query, null);
        try {
            return run(ds);
        } finally {
            scopes.exit(mark);
        }
    }

    private static int run(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(Jdbc.SELECT);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
