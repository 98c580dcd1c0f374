package io.cqrsrouting.core;

import io.cqrsrouting.core.event.RoutingEvent;
import io.cqrsrouting.dialect.Dialect;
import io.cqrsrouting.dialect.Dialects;
import io.cqrsrouting.dialect.NodeState;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica that answers but whose positions the login may not read (SQL Server without
 * VIEW DATABASE STATE / VIEW SERVER STATE) is no longer silent: the monitor warns once, a listener
 * event names the missing GRANT, the endpoint status carries it, and reads that need a known lag go
 * to the primary. The real primary + standby serve the reads; the dialect reports the standby's
 * positions as unavailable the way the SQL Server dialect does when its view is not permitted.
 */
class PositionsUnavailableOnRealSetTest {

    private static final String REASON = "replica positions are unavailable (SQL Server error 300):"
            + " the login needs GRANT VIEW DATABASE STATE TO [<application user>]";

    private static PostgresReplicaSet set;

    /** PostgreSQL, except that a standby's positions cannot be read. */
    private static final class NoPermissionOnReplicas implements Dialect {
        private final Dialect pg = Dialects.postgresql();

        @Override
        public String name() {
            return pg.name();
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
            NodeState s = pg.probe(connection);
            return s.replica() ? new NodeState(s.writable(), true, -1, -1, -1, REASON) : s;
        }

        @Override
        public long commitPosition(Connection connection) throws SQLException {
            return pg.commitPosition(connection);
        }
    }

    @BeforeAll
    static void start() {
        set = PostgresReplicaSet.start(1);
    }

    @AfterAll
    static void stop() {
        set.close();
    }

    @Test
    void theMissingGrantIsWarnedOnceShownAndBoundedReadsAvoidTheReplica() throws Exception {
        List<RoutingEvent> heard = new CopyOnWriteArrayList<>();
        try (RoutingDataSource ds = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .dialect(new NoPermissionOnReplicas()).monitorInterval(Duration.ofMillis(50))
                .listener(heard::add).build()) {
            assertThat(ds.awaitMonitor(5, 10_000)).isTrue();
            List<RoutingEvent> warnings = heard.stream()
                    .filter(e -> e.kind() == RoutingEvent.Kind.POSITIONS_UNAVAILABLE).toList();
            assertThat(warnings).as("one event, not one per probe").containsExactly(
                    new RoutingEvent.PositionsUnavailable(ds.name(), "replica-1", REASON));
            assertThat(ds.endpoints().get(1).positionsUnavailable()).contains("GRANT VIEW DATABASE STATE");
            assertThat(ds.endpoints().get(0).positionsUnavailable()).isNull();

            // The replica still serves plain reads; reads that need a known lag cannot use it.
            assertThat(Routing.query(() -> Nodes.servedBy(ds))).isEqualTo("standby1");
            assertThat(Routing.query(60_000, () -> Nodes.servedBy(ds))).isEqualTo("primary");
        }
    }

    @Test
    void aPostgresMonitorUserWithoutPgMonitorIsToldTheMissingGrant() throws Exception {
        // The real PostgreSQL dialect and a real unprivileged login: the standby hides its WAL
        // receiver's details from it, so no replica position can be trusted.
        Nodes.execute(set.primaryJdbcUrl(), set,
                "CREATE ROLE app_no_monitor LOGIN PASSWORD 'app-no-monitor'");
        set.awaitReplay(0, Duration.ofSeconds(10));
        String grant = "GRANT pg_monitor TO app_no_monitor";
        List<RoutingEvent> heard = new CopyOnWriteArrayList<>();
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                err.write(b);
                log.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                err.write(b, off, len);
                log.write(b, off, len);
            }
        }, true));
        try (RoutingDataSource ds = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), "app_no_monitor", "app-no-monitor")
                .replica(set.standbyJdbcUrl(0), "app_no_monitor", "app-no-monitor")
                .monitorInterval(Duration.ofMillis(50)).poolSize(1).listener(heard::add).build()) {
            assertThat(ds.awaitMonitor(5, 10_000)).isTrue();
            List<RoutingEvent> warnings = heard.stream()
                    .filter(e -> e.kind() == RoutingEvent.Kind.POSITIONS_UNAVAILABLE).toList();
            assertThat(warnings).as("one event, not one per probe").hasSize(1);
            RoutingEvent.PositionsUnavailable event =
                    (RoutingEvent.PositionsUnavailable) warnings.get(0);
            assertThat(event.endpoint()).isEqualTo("replica-1");
            assertThat(event.reason()).contains(grant);
            assertThat(ds.endpoints().get(1).positionsUnavailable()).contains(grant);
            assertThat(ds.endpoints().get(0).positionsUnavailable()).isNull();
            assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("WARN") && l.contains(grant)))
                    .as("one warning naming the GRANT").hasSize(1);

            // Plain reads still use the standby; reads that need a known lag cannot.
            assertThat(Routing.query(() -> Nodes.servedBy(ds))).isEqualTo("standby1");
            assertThat(Routing.query(60_000, () -> Nodes.servedBy(ds))).isEqualTo("primary");

            // Doing what the warning says clears it.
            Nodes.execute(set.primaryJdbcUrl(), set, grant);
            set.awaitReplay(0, Duration.ofSeconds(10));
            Waits.until("the grant is seen", Duration.ofSeconds(10),
                    () -> ds.endpoints().get(1).positionsUnavailable() == null
                            && ds.endpoints().get(1).lagMillis() >= 0);
            assertThat(Routing.query(60_000, () -> Nodes.servedBy(ds))).isEqualTo("standby1");
        } finally {
            System.setErr(err);
            Nodes.execute(set.primaryJdbcUrl(), set, "DROP ROLE app_no_monitor");
        }
    }
}
