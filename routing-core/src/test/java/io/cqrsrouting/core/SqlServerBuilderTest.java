package io.cqrsrouting.core;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import org.junit.jupiter.api.Test;

import java.sql.DriverPropertyInfo;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL Server options of the builder: failover-group listeners and Azure timeouts. */
class SqlServerBuilderTest {

    private static final String SECRET = "{pa55;w0rd}}&x}";
    private static final String FOG = "jdbc:sqlserver://myfog.database.windows.net:1433;"
            + "databaseName=app;encrypt=true;password=" + SECRET;

    /**
     * Records the pool's URL, then gives the pool a real driver source that is refused at once, so that no test
     * waits on a name lookup or a login to a host that does not exist.
     */
    private static java.util.function.Consumer<com.zaxxer.hikari.HikariConfig> capture(
            List<String> urls) {
        return c -> {
            urls.add(c.getJdbcUrl());
            // The real driver, refused at once by a local port nobody listens on.
            com.microsoft.sqlserver.jdbc.SQLServerDataSource refused =
                    new com.microsoft.sqlserver.jdbc.SQLServerDataSource();
            refused.setURL("jdbc:sqlserver://127.0.0.1:1;loginTimeout=1;encrypt=false");
            c.setDataSource(refused);
        };
    }

    private static String serverName(String url) throws Exception {
        for (DriverPropertyInfo p : new SQLServerDriver().getPropertyInfo(url, new Properties())) {
            if (p.name.equals("serverName")) {
                return p.value;
            }
        }
        return null;
    }

    @Test
    void failoverGroupListenerDerivesTheReadOnlyListener() throws Exception {
        List<String> poolUrls = new CopyOnWriteArrayList<>();
        try (RoutingDataSource ds = RoutingDataSource.builder().primary(FOG, "u", "p")
                .failoverGroupListener(true).monitor(false)
                .poolCustomizer(capture(poolUrls)).build()) {
            assertThat(ds.endpoints()).hasSize(2);
            assertThat(serverName(poolUrls.get(1))).isEqualTo("myfog.secondary.database.windows.net");
            assertThat(poolUrls.get(1)).contains("applicationIntent=ReadOnly");
            assertThat(ds.endpoints().get(1).description()).doesNotContain("pa55")
                    .contains("myfog.secondary.database.windows.net");
        }
    }

    @Test
    void withoutTheOptionTheDerivedReplicaIsTheSameListenerReadOnly() throws Exception {
        List<String> poolUrls = new CopyOnWriteArrayList<>();
        try (RoutingDataSource ds = RoutingDataSource.builder().primary(FOG, "u", "p")
                .monitor(false).poolCustomizer(capture(poolUrls)).build()) {
            assertThat(serverName(poolUrls.get(1))).isEqualTo("myfog.database.windows.net");
        }
    }

    @Test
    void aHostThatIsNoListenerFailsNamingTheSettingWithoutThePassword() {
        assertThatThrownBy(() -> RoutingDataSource.builder()
                .primary("jdbc:sqlserver://10.1.2.3;databaseName=app;password=" + SECRET, "u", "p")
                .failoverGroupListener(true).monitor(false).build())
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageStartingWith("failoverGroupListener:")
                .hasMessageNotContaining("pa55");
    }

    @Test
    void anUnparsablePrimaryUrlFailsAtStartUpWithoutThePassword() {
        assertThatThrownBy(() -> RoutingDataSource.builder()
                .primary("jdbc:sqlserver://h;databaseName=app;password={pa55", "u", "p")
                .monitor(false).build())
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageStartingWith("primary.url:")
                .hasMessageNotContaining("pa55");
    }

    @Test
    void sqlServerPoolsWaitThirtySecondsByDefaultAndTheSettingStillWins() {
        List<Long> timeouts = new CopyOnWriteArrayList<>();
        try (RoutingDataSource ds = RoutingDataSource.builder().primary(FOG, "u", "p")
                .monitor(false).poolCustomizer(c -> {
                    timeouts.add(c.getConnectionTimeout());
                    capture(new CopyOnWriteArrayList<>()).accept(c);
                }).build()) {
            assertThat(timeouts).containsOnly(30_000L).hasSize(2);
        }
        timeouts.clear();
        try (RoutingDataSource ds = RoutingDataSource.builder().primary(FOG, "u", "p")
                .connectionTimeout(Duration.ofSeconds(7)).monitor(false)
                .poolCustomizer(c -> {
                    timeouts.add(c.getConnectionTimeout());
                    capture(new CopyOnWriteArrayList<>()).accept(c);
                }).build()) {
            assertThat(timeouts).containsOnly(7_000L);
        }
        timeouts.clear();
        try (RoutingDataSource ds = RoutingDataSource.builder()
                .primary("jdbc:postgresql://127.0.0.1:1/app", "u", "p").monitor(false)
                .poolCustomizer(c -> timeouts.add(c.getConnectionTimeout())).build()) {
            assertThat(timeouts).containsOnly(5_000L);
        }
    }
    @Test
    void sqlServerReplicasCheckTheServingConnectionByDefault() {
        // Issue 18 item 4: one read-only endpoint may fan out (Hyperscale, geo with HA replicas).
        try (RoutingDataSource ds = RoutingDataSource.builder().primary(FOG, "u", "p")
                .monitor(false).poolCustomizer(capture(new CopyOnWriteArrayList<>())).build()) {
            assertThat(ds.replicaEndpoints()).isNotEmpty()
                    .allMatch(io.cqrsrouting.core.internal.Endpoint::checkServingConnection);
        }
        try (RoutingDataSource ds = RoutingDataSource.builder().primary(FOG, "u", "p")
                .checkServingConnection(false).monitor(false)
                .poolCustomizer(capture(new CopyOnWriteArrayList<>())).build()) {
            assertThat(ds.replicaEndpoints()).isNotEmpty()
                    .noneMatch(io.cqrsrouting.core.internal.Endpoint::checkServingConnection);
        }
        try (RoutingDataSource ds = RoutingDataSource.builder()
                .primary("jdbc:postgresql://127.0.0.1:1/app", "u", "p")
                .replica("jdbc:postgresql://127.0.0.1:2/app", "u", "p").monitor(false).build()) {
            assertThat(ds.replicaEndpoints())
                    .noneMatch(io.cqrsrouting.core.internal.Endpoint::checkServingConnection);
        }
    }
}
