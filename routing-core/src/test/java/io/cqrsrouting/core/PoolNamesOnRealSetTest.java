package io.cqrsrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.internal.PoolNames;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/**
 * Pools the router builds are named {@code cqrs-<router>-<endpoint>}, distinct across routers of one
 * JVM, and per-endpoint pool customizers reach the right endpoint's pool (the real server reports
 * the {@code application_name} each pool set).
 */
class PoolNamesOnRealSetTest {

    private final PostgresReplicaSet set = PostgresReplicaSet.shared(1);

    private RoutingDataSource router(String name, Map<String, String> poolNames) {
        return RoutingDataSource.builder().name(name)
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitor(false).poolSize(2)
                .endpointPoolCustomizer((endpoint, config) -> {
                    poolNames.put(endpoint, config.getPoolName());
                    config.addDataSourceProperty("ApplicationName", "app-" + endpoint);
                })
                .poolCustomizer(config -> config.setMinimumIdle(0))
                .build();
    }

    @Test
    void twoRoutersWithOneNameGetDistinctPoolNamesAndANameIsFreeAgainAfterClose() {
        Map<String, String> first = new ConcurrentHashMap<>();
        Map<String, String> second = new ConcurrentHashMap<>();
        Map<String, String> third = new ConcurrentHashMap<>();
        try (RoutingDataSource a = router("Orders DB", first);
                RoutingDataSource b = router("Orders DB", second)) {
            assertThat(first).containsEntry("primary", "cqrs-orders-db-primary")
                    .containsEntry("replica-1", "cqrs-orders-db-replica-1");
            assertThat(second).containsEntry("primary", "cqrs-orders-db-primary-2")
                    .containsEntry("replica-1", "cqrs-orders-db-replica-1-2");
            assertThat(Routing.query(() -> applicationName(a))).isEqualTo("standby1:app-replica-1");
            assertThat(Routing.command(() -> applicationName(b))).isEqualTo("primary:app-primary");
        }
        try (RoutingDataSource c = router("Orders DB", third)) {
            assertThat(third).containsEntry("primary", "cqrs-orders-db-primary");
        }
    }

    @Test
    void anUnnamedRouterIsLabelledByHostPortAndDatabaseWithoutSecrets() {
        assertThat(PoolNames.label("jdbc:postgresql://127.0.0.1:5432/app?password=******&ssl=true"))
                .isEqualTo("127.0.0.1-5432-app");
        assertThat(PoolNames.label("jdbc:sqlserver://srv.database.windows.net:1433;databaseName=db"))
                .isEqualTo("srv.database.windows.net-1433");
        Map<String, String> names = new ConcurrentHashMap<>();
        try (RoutingDataSource unnamed = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password()).monitor(false)
                .endpointPoolCustomizer((endpoint, config) -> names.put(endpoint,
                        config.getPoolName())).build()) {
            assertThat(names.get("primary")).startsWith("cqrs-127.0.0.1-" + set.primaryPort()
                    + "-postgres-primary");
        }
    }

    private static String applicationName(RoutingDataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select current_setting('cluster_name') || ':'"
                        + " || current_setting('application_name')")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
