package io.cqrsrouting.benchmark.overhead;

import java.sql.SQLException;

/**
 * The service every mode of {@link RoutingOverheadBenchmark} calls through its Spring proxy. Each
 * mode has its own implementation that differs only in the annotations that mode needs; the bodies
 * are the same {@link Jdbc} calls.
 */
public interface BenchService {

    /**
     * A read, annotated the way the mode marks reads, with no transaction where the mode allows it
     * (Spring's read-only proxy needs one: {@code @Transactional(readOnly = true)}).
     *
     * @return 1
     * @throws SQLException never on the stub
     */
    int query() throws SQLException;

    /**
     * The same read inside {@code @Transactional(readOnly = true)} in every mode.
     *
     * @return 1
     * @throws SQLException never on the stub
     */
    int queryInTransaction() throws SQLException;

    /**
     * A write inside {@code @Transactional}, annotated the way the mode marks writes.
     *
     * @return 1
     * @throws SQLException never on the stub
     */
    int command() throws SQLException;
}
