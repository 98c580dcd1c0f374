package io.cqrsrouting.dialect;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forced-failover epochs (issue 18, item 11) through the SQL Server dialect's own mapping, on a
 * real primary and standby: each probe's role and position come from the real nodes, and are
 * turned into a node state by {@link SqlServerDialect#fromReplicaState} with the recovery fork
 * GUID and {@code is_suspended} flag the test gives each node, as a SQL Server would report them
 * after {@code FORCE_FAILOVER_ALLOW_DATA_LOSS}. The oracle is the node that served each read.
 */
class SqlServerForkOnRealSetTest {

    private static final String FORK_A = "6F9619FF-8B86-D011-B42D-00C04FC964FF";
    private static final String FORK_B = "0E984725-C51C-4BF4-9960-E1C80E27ABA0";
    private static final String NOT_VISIBLE = "";

    private static PostgresReplicaSet set;

    /** PostgreSQL roles and positions, SQL Server forks and suspension. */
    private static final class ForkingDialect implements Dialect {
        private final Dialect pg = Dialects.postgresql();
        /** cluster_name -> fork the monitor's connections see. */
        final Map<String, String> fork = new ConcurrentHashMap<>();
        /** cluster_name -> fork the application's connections see, where it differs. */
        final Map<String, String> servingFork = new ConcurrentHashMap<>();
        final Set<String> suspended = ConcurrentHashMap.newKeySet();

        @Override
        public String name() {
            return "sqlserver-on-postgresql";
        }

        @Override
        public boolean acceptsUrl(String jdbcUrl) {
            return pg.acceptsUrl(jdbcUrl);
        }

        @Override
        public boolean acceptsProduct(String product) {
            return pg.acceptsProduct(product);
        }

        @Override
        public String readOnlyUrl(String primaryUrl) {
            return null;
        }

        @Override
        public NodeState probe(Connection connection) throws SQLException {
            NodeState real = pg.probe(connection);
            String node;
            boolean monitor;
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT current_setting('cluster_name'), current_setting('application_name')")) {
                rs.next();
                node = rs.getString(1);
                monitor = "cqrs-routing-monitor".equals(rs.getString(2));
            }
            String guid = monitor ? fork.get(node) : servingFork.getOrDefault(node, fork.get(node));
            long p = real.position();
            // A WAL byte position as an LSN whose block and slot map back to exactly p.
            BigDecimal lsn = p < 0 ? null : BigDecimal.valueOf((p >> 9) * 100_000L + (p & 511));
            return SqlServerReplicaState.fromReplicaState(real.writable(), !real.replica(), lsn, null,
                    null, null, suspended.contains(node), NOT_VISIBLE.equals(guid) ? null : guid);
        }

        @Override
        public long commitPosition(Connection connection) throws SQLException {
            return pg.commitPosition(connection);
        }
    }

    private final ForkingDialect dialect = new ForkingDialect();
    private RoutingDataSource ds;

    @BeforeAll
    static void start() throws Exception {
        set = PostgresReplicaSet.start(1);
        try (Connection c = java.sql.DriverManager.getConnection(set.primaryJdbcUrl(),
                set.username(), set.password()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE forked (id bigint PRIMARY KEY)");
        }
        set.awaitReplay(0, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        set.close();
    }

    @AfterEach
    void close() {
        if (ds != null) {
            ds.close();
        }
    }

    private RoutingDataSource router(boolean checkServingConnection) throws Exception {
        dialect.fork.put("primary", FORK_A);
        dialect.fork.put("standby1", FORK_A);
        ds = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .dialect(dialect).checkServingConnection(checkServingConnection)
                .monitorInterval(Duration.ofMillis(50)).build();
        probed();
        return ds;
    }

    /** Waits until two full probe rounds saw the current forks. */
    private void probed() throws InterruptedException {
        assertThat(ds.awaitMonitor(2, 10_000)).as("monitor probed").isTrue();
    }

    /**
     * Polls, one probe round at a time (at most 200), until a bounded read is served by the
     * standby: a replica is fresh only once it replayed past the first position of the history.
     */
    private void awaitStandbyFresh(String what) throws InterruptedException {
        for (int round = 0; round < 200 && !"standby1".equals(bounded(ds)); round++) {
            assertThat(ds.awaitMonitor(1, 10_000)).isTrue();
        }
        assertThat(bounded(ds)).as(what).isEqualTo("standby1");
    }

    private static String servedBy(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return PostgresReplicaSet.servedBy(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bounded(DataSource ds) {
        return Routing.query(60_000, () -> servedBy(ds));
    }

    private static void write(DataSource ds, long id) throws SQLException {
        Routing.command(() -> {
            try (Connection c = ds.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO forked VALUES (?)")) {
                ps.setLong(1, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Reads row {@code id} with read-your-writes: "node:found" or "node:missing". */
    private static String readYourWrite(DataSource ds, long id) throws SQLException {
        return Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0, () -> {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT current_setting('cluster_name'), EXISTS (SELECT 1 FROM forked"
                            + " WHERE id = ?)")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1) + ":" + (rs.getBoolean(2) ? "found" : "missing");
                }
            }
        });
    }

    @Test
    void aReplicaOnTheOldForkIsNeverFreshUntilItRedoesTheNewOne() throws Exception {
        router(false);
        awaitStandbyFresh("same fork: the standby is fresh");

        // Forced failover: the primary now writes a new recovery fork; the standby still shows
        // the old one (its position numbers are not comparable any more).
        dialect.fork.put("primary", FORK_B);
        probed();
        assertThat(bounded(ds)).as("old fork: never fresh").isEqualTo("primary");
        Routing.session(() -> {
            write(ds, 1);
            set.awaitReplay(0, Duration.ofSeconds(10));
            probed();
            // The standby has the row, but its position belongs to the old fork.
            assertThat(readYourWrite(ds, 1)).isEqualTo("primary:found");

            // The standby redoes the new fork: fresh again, read-your-writes may use it.
            dialect.fork.put("standby1", FORK_B);
            awaitStandbyFresh("new fork redone: fresh again");
            assertThat(readYourWrite(ds, 1)).isEqualTo("standby1:found");
            return null;
        });
    }

    @Test
    void aSuspendedReplicaIsNeverFresh() throws Exception {
        router(false);
        awaitStandbyFresh("not suspended");
        dialect.suspended.add("standby1");
        probed();
        assertThat(bounded(ds)).isEqualTo("primary");
        dialect.suspended.remove("standby1");
        awaitStandbyFresh("resumed");
    }

    @Test
    void aReplicaThatCannotSeeItsForkIsComparedAsBefore() throws Exception {
        router(false);
        dialect.fork.put("standby1", NOT_VISIBLE);
        probed();
        awaitStandbyFresh("fork not visible: compared as before");
    }

    @Test
    void theServingConnectionMustBeOnTheCurrentFork() throws Exception {
        // The monitor's connection reaches a node on the current fork; the application's
        // connections reach one still on the old fork (an endpoint that fans out).
        router(true);
        dialect.fork.put("primary", FORK_B);
        dialect.fork.put("standby1", FORK_B);
        awaitStandbyFresh("monitor and application on the new fork");
        dialect.servingFork.put("standby1", FORK_A);
        assertThat(bounded(ds)).as("checked at checkout: old fork").isEqualTo("primary");
        dialect.servingFork.remove("standby1");
        assertThat(bounded(ds)).isEqualTo("standby1");
    }
}
