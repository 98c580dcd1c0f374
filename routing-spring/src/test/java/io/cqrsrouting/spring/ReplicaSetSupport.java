package io.cqrsrouting.spring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one real primary + hot standby every test of this module runs against, and the question
 * each test asks it: which node served this statement?
 */
public final class ReplicaSetSupport {

    /** {@code cluster_name} of the primary. */
    public static final String PRIMARY = "primary";
    /** {@code cluster_name} of the hot standby. */
    public static final String STANDBY = "standby1";

    private ReplicaSetSupport() {
    }

    /** @return the JVM-wide replica set (primary + one hot standby), started on first use */
    public static PostgresReplicaSet db() {
        return PostgresReplicaSet.shared(1);
    }

    /** @return a small HikariCP pool on the primary */
    public static HikariDataSource primaryPool() {
        return pool("test-primary", db().primaryJdbcUrl());
    }

    /** @return a small HikariCP pool on the standby */
    public static HikariDataSource standbyPool() {
        return pool("test-standby", db().standbyJdbcUrl(0));
    }

    private static HikariDataSource pool(String name, String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(db().username());
        config.setPassword(db().password());
        // ConcurrentRoutingTest's 8 threads, each holding at most one connection per node, are
        // the widest scenario of this module.
        config.setMaximumPoolSize(8);
        return new HikariDataSource(config);
    }

    /**
     * Waits until the router's monitor has probed every endpoint {@code rounds} more times.
     *
     * @param router a router
     * @param rounds fresh probes to wait for
     * @return {@code router}
     * @throws IllegalStateException (failing the test's set-up) if the probes do not come within
     *     10 s; the router is closed then
     * @throws InterruptedException if interrupted
     */
    public static RoutingDataSource monitored(RoutingDataSource router, int rounds)
            throws InterruptedException {
        if (!router.awaitMonitor(rounds, 10_000)) {
            router.close();
            throw new IllegalStateException("the monitor of " + router.name()
                    + " did not probe every endpoint " + rounds + " more time(s) within 10 s");
        }
        return router;
    }

    /** @return the node that served this statement: {@link #PRIMARY} or {@link #STANDBY} */
    public static String node(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select current_setting('cluster_name')", String.class);
    }

    /** @return {@code node:backend-pid} of the connection that served this statement */
    public static String nodeAndPid(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select current_setting('cluster_name') || ':' || pg_backend_pid()",
                String.class);
    }
}
