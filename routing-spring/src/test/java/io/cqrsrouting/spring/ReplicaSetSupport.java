package io.cqrsrouting.spring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
        config.setMaximumPoolSize(16);
        return new HikariDataSource(config);
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
