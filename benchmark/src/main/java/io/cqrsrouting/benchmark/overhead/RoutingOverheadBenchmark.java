package io.cqrsrouting.benchmark.overhead;

import io.cqrsrouting.core.RoutingDataSource;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

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
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * What one annotated service call costs, through the Spring proxy, with each way of routing reads:
 * take a pooled connection (HikariCP over the stub driver), run one statement, read the row, give
 * the connection back. The stub keeps the database out of it, so the differences are the routing
 * path. Run with {@code -prof gc} for B/op.
 *
 * <p>Modes: {@code direct} (no routing), {@code noopAdvice} (control: {@code direct} plus a
 * do-nothing interceptor, the cost of any advised call), {@code cqrsRouting} (defaults: monitor on,
 * no listener), {@code cqrsRoutingObserved} (Micrometer meters bound, so the per-call listener hook
 * runs), {@code cqrsRoutingNoMonitor}, {@code springReadOnlySupports} ({@code AbstractRoutingDataSource}
 * keyed on Spring's read-only flag with {@code @Transactional(readOnly = true, propagation =
 * SUPPORTS)}: no physical transaction), {@code springLazyReadOnly} ({@code LazyConnectionDataSourceProxy}
 * + read-only DataSource; its {@code query()} needs a read-only transaction: it starts one),
 * {@code abstractRoutingDataSource} (ThreadLocal key + {@code @Around} aspect), {@code dynamicDatasource}
 * (baomidou {@code @DS}). See each mode's class for exactly what it includes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RoutingOverheadBenchmark {

    @Param({"direct", "noopAdvice", "cqrsRouting", "cqrsRoutingObserved", "cqrsRoutingNoMonitor",
            "springReadOnlySupports", "springLazyReadOnly", "abstractRoutingDataSource",
            "dynamicDatasource"})
    public String mode;

    private AnnotationConfigApplicationContext context;
    private BenchService service;

    @Setup(Level.Trial)
    public void start() throws Exception {
        context = Modes.start(mode);
        service = context.getBean(BenchService.class);
        for (RoutingDataSource router : context.getBeansOfType(RoutingDataSource.class).values()) {
            // measure the steady state: endpoint roles known (a router without a monitor has
            // nothing to wait for, and awaitMonitor says false for it)
            if (!mode.equals("cqrsRoutingNoMonitor") && !router.awaitMonitor(1, 10_000)) {
                throw new IllegalStateException(mode + ": the monitor did not probe within 10 s");
            }
        }
        // fail before measuring if the wiring is wrong
        if (service.query() != 1 || service.queryInTransaction() != 1 || service.command() != 1) {
            throw new IllegalStateException(mode + ": unexpected result");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        context.close();
    }

    /** @return 1; a read, without a transaction where the mode allows it */
    @Benchmark
    public int query() throws SQLException {
        return service.query();
    }

    /** @return 1; a read inside {@code @Transactional(readOnly = true)} */
    @Benchmark
    public int queryInTransaction() throws SQLException {
        return service.queryInTransaction();
    }

    /** @return 1; a write inside {@code @Transactional} */
    @Benchmark
    public int command() throws SQLException {
        return service.command();
    }
}
