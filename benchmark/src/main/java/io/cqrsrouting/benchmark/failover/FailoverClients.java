package io.cqrsrouting.benchmark.failover;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The clients of one failover round, all with the same pool size, the same connection timeout and
 * the same path (every one of them reaches the database only through the failover listener):
 *
 * <ul>
 *   <li>{@code hikariDefault}: HikariCP with its defaults apart from size and timeout.</li>
 *   <li>{@code hikariEvict25006}: HikariCP with a {@link SQLExceptionOverride} that evicts a
 *       connection whose statement failed with SQLState 25006 (read-only transaction): the ~10 lines
 *       a careful user adds for geo-failovers.</li>
 *   <li>{@code hikariSoftEvict}: HikariCP whose client calls {@code softEvictConnections()} when a
 *       write fails with 25006.</li>
 *   <li>{@code cqrsRouting}: a {@link RoutingDataSource} whose primary is the listener (no replica:
 *       commands only, same path as the others).</li>
 *   <li>{@code floorFreshConnection}: no pool; each attempt opens a new connection. Its first success
 *       after the primary became writable is the floor of "writable → first write": the loop's pause,
 *       a connect and one round trip, with no stale state to get rid of.</li>
 * </ul>
 */
final class FailoverClients implements AutoCloseable {

    static final String HIKARI_DEFAULT = "hikariDefault";
    static final String HIKARI_EVICT = "hikariEvict25006";
    static final String HIKARI_SOFT = "hikariSoftEvict";
    static final String ROUTER = "cqrsRouting";
    static final String FLOOR = "floorFreshConnection";

    static final List<String> NAMES = List.of(HIKARI_DEFAULT, HIKARI_EVICT, HIKARI_SOFT, ROUTER, FLOOR);

    static final int POOL_SIZE = 4;
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private static final String UPDATE = "update cqrs_bench_failover set n = n + 1 where id = 1";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<CommandLoop> loops = new ArrayList<>();

    /**
     * @param url the listener's JDBC URL
     * @param user user name
     * @param password password
     * @param tag unique per round (pool and router names)
     */
    FailoverClients(String url, String user, String password, String tag) {
        HikariDataSource plain = pool(url, user, password, "plain-" + tag, null);
        HikariDataSource evict = pool(url, user, password, "evict-" + tag, new EvictOnReadOnly());
        HikariDataSource soft = pool(url, user, password, "soft-" + tag, null);
        RoutingDataSource router = RoutingDataSource.builder()
                .primary(url, user, password)
                .name("failover-bench-" + tag)
                .poolSize(POOL_SIZE)
                .connectionTimeout(CONNECTION_TIMEOUT)
                .build();
        resources.add(plain);
        resources.add(evict);
        resources.add(soft);
        resources.add(router);
        loops.add(new CommandLoop(HIKARI_DEFAULT, () -> update(plain)));
        loops.add(new CommandLoop(HIKARI_EVICT, () -> update(evict)));
        loops.add(new CommandLoop(HIKARI_SOFT, () -> {
            try {
                update(soft);
            } catch (SQLException e) {
                if ("25006".equals(e.getSQLState())) {
                    soft.getHikariPoolMXBean().softEvictConnections();
                }
                throw e;
            }
        }));
        loops.add(new CommandLoop(ROUTER, () -> Routing.command(() -> update(router))));
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT.toSeconds()));
        loops.add(new CommandLoop(FLOOR, () -> {
            try (Connection c = DriverManager.getConnection(url, props);
                    PreparedStatement ps = c.prepareStatement(UPDATE)) {
                ps.executeUpdate();
            }
        }, true));
    }

    /** @return the router, to wait for its monitor before the round starts */
    RoutingDataSource router() {
        return (RoutingDataSource) resources.get(3);
    }

    /** @return one command loop per client, in {@link #NAMES} order */
    List<CommandLoop> loops() {
        return loops;
    }

    private static HikariDataSource pool(String url, String user, String password, String name,
            SQLExceptionOverride override) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        if (override != null) {
            config.setExceptionOverride(override);
        }
        return new HikariDataSource(config);
    }

    private static Void update(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(UPDATE)) {
            ps.executeUpdate();
        }
        return null;
    }

    /** Evicts a connection that reached a read-only node; HikariCP's default keeps it. */
    static final class EvictOnReadOnly implements SQLExceptionOverride {
        @java.lang.Override
        public Override adjudicate(SQLException e) {
            return "25006".equals(e.getSQLState()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
        }
    }

    @Override
    public void close() {
        loops.forEach(CommandLoop::stop);
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // closing after the round: nothing to do about it
            }
        }
    }
}
