package io.cqrsrouting.dialect;

import io.cqrsrouting.core.NodeRole;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingDataSourceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing scenarios against a real SQL Server / Azure SQL Database, when its settings are
 * given: CQRS_SQLSERVER_URL (read-write endpoint), CQRS_SQLSERVER_USER, CQRS_SQLSERVER_PASSWORD,
 * and optionally CQRS_SQLSERVER_REPLICA_URL (else the read scale-out endpoint derived from the URL).
 */
@EnabledIfEnvironmentVariable(named = "CQRS_SQLSERVER_URL", matches = ".+")
class SqlServerLiveTest {

    private static RoutingDataSource router() {
        String url = System.getenv("CQRS_SQLSERVER_URL");
        String user = System.getenv("CQRS_SQLSERVER_USER");
        String password = System.getenv("CQRS_SQLSERVER_PASSWORD");
        String replica = System.getenv("CQRS_SQLSERVER_REPLICA_URL");
        RoutingDataSourceBuilder b = RoutingDataSource.builder().primary(url, user, password);
        if (replica != null && !replica.isBlank()) {
            b.replica(replica, user, password);
        }
        return b.build();
    }

    private static String updateability(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability') AS nvarchar(32))")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void commandIsServedByTheReadWriteEndpointAndQueryByTheReadOnlyOne() throws Exception {
        try (RoutingDataSource ds = router()) {
            assertThat(ds.awaitMonitor(1, 30_000)).isTrue();
            assertThat(ds.dialect().name()).isEqualTo("sqlserver");
            assertThat(ds.endpoints().get(0).role()).isEqualTo(NodeRole.WRITABLE);
            try (Connection c = Routing.command(ds::getConnection)) {
                assertThat(updateability(c)).isEqualTo("READ_WRITE");
            }
            try (Connection c = Routing.query(ds::getConnection)) {
                // READ_ONLY with read scale-out; a writable replica endpoint still serves reads
                assertThat(updateability(c)).isIn("READ_ONLY", "READ_WRITE");
                assertThat(ds.endpoints().get(1).role()).isNotEqualTo(NodeRole.UNKNOWN);
            }
            assertThat(ds.toString()).doesNotContain(System.getenv("CQRS_SQLSERVER_PASSWORD"));
        }
    }

    @Test
    void commitPositionIsReadableWhereTheLoginMayReadReplicaStates() throws Exception {
        try (RoutingDataSource ds = router(); Connection c = Routing.command(ds::getConnection)) {
            long position = new SqlServerDialect().commitPosition(c);
            assertThat(position).isGreaterThanOrEqualTo(-1);
            NodeState state = new SqlServerDialect().probe(c);
            assertThat(state.writable()).isTrue();
        }
    }
}
