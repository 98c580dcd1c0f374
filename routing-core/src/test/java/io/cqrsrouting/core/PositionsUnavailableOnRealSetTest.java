package io.cqrsrouting.core;

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
}
