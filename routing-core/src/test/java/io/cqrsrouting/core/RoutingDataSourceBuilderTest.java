package io.cqrsrouting.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingDataSourceBuilderTest {

    private static final String SECRET = "pa55-w0rd-never-shown";
    private static final String PRIMARY = "jdbc:postgresql://127.0.0.1:1/app";
    private static final String REPLICA = "jdbc:postgresql://127.0.0.1:2/app";

    @Test
    void missingPrimaryIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> RoutingDataSource.builder().replica(REPLICA, "u", SECRET).build())
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageStartingWith("primary: not set")
                .extracting(e -> ((RoutingConfigurationException) e).setting())
                .isEqualTo("primary");
    }

    @Test
    void newSettingsAreValidatedNamingTheSetting() {
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(PRIMARY, "u", SECRET)
                .connectionTimeout(Duration.ofMillis(100)).build())
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageStartingWith("connectionTimeout: must be at least 250 ms");
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(PRIMARY, "u", SECRET)
                .maxReadYourWritesWait(Duration.ofMillis(-1)).build())
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageStartingWith("maxReadYourWritesWait: must be zero or positive");
        assertThatThrownBy(() -> RoutingDataSource.builder()
                .acceptedTokenKeys(SECRET.substring(0, 8).getBytes()))
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageStartingWith("acceptedTokenKeys[0]: must be at least 16 bytes")
                .hasMessageNotContaining(SECRET.substring(0, 8));
    }

    @Test
    void duplicateEndpointIsRejectedNamingBothPlacesWithoutThePassword() {
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(PRIMARY + "?password=" + SECRET,
                "u", SECRET).replica(REPLICA, "u", SECRET).replica(REPLICA, "u", SECRET).build())
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageContaining("replicas[1]")
                .hasMessageContaining("replicas[0]")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void nonJdbcUrlIsRejectedNamingTheSettingAndMaskedValue() {
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(PRIMARY, "u", SECRET)
                .replica("postgresql://db/app?password=" + SECRET, "u", SECRET).build())
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageStartingWith("replicas[0].url: must start with 'jdbc:'")
                .hasMessageContaining("password=****")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void negativeBoundsAndSizesAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(PRIMARY, "u", SECRET)
                .maxStaleness(Duration.ofMillis(-1)).build())
                .hasMessageStartingWith("maxStaleness: must not be negative");
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(PRIMARY, "u", SECRET)
                .poolSize(0).build())
                .hasMessageStartingWith("poolSize: must be 1 or more; was 0");
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(PRIMARY, "u", SECRET)
                .monitorInterval(Duration.ZERO).build())
                .hasMessageStartingWith("monitorInterval: must be positive");
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(PRIMARY, "u", SECRET)
                .replica(REPLICA, "u", SECRET, 0).build())
                .hasMessageStartingWith("replicas[0].weight: must be 1 or more");
    }

    @Test
    void passwordNeverAppearsInToString() {
        try (RoutingDataSource ds = RoutingDataSource.builder()
                .primary(PRIMARY + "?password=" + SECRET, "u", SECRET)
                .replica(REPLICA, "u", SECRET).monitor(false).build()) {
            assertThat(ds.toString()).doesNotContain(SECRET).contains("password=****");
            assertThat(ds.endpoints().toString()).doesNotContain(SECRET);
        }
        RoutingDataSourceBuilder builder = RoutingDataSource.builder()
                .primary(PRIMARY, "u", SECRET).replica(REPLICA, "u", SECRET);
        assertThat(builder.toString()).doesNotContain(SECRET);
    }

    @Test
    void sqlServerPrimaryUrlWithoutReplicaGetsDerivedReadOnlyEndpoint() {
        try (RoutingDataSource ds = RoutingDataSource.builder()
                .primary("jdbc:sqlserver://127.0.0.1:1;databaseName=app", "u", SECRET)
                .monitor(false).build()) {
            assertThat(ds.endpoints()).hasSize(2);
            assertThat(ds.endpoints().get(1).description())
                    .isEqualTo("jdbc:sqlserver://127.0.0.1:1;databaseName=app;"
                            + "applicationIntent=ReadOnly");
            assertThat(ds.dialect().name()).isEqualTo("sqlserver");
        }
    }

    @Test
    void derivedReadOnlyEndpointCanBeSwitchedOff() {
        try (RoutingDataSource ds = RoutingDataSource.builder()
                .primary("jdbc:sqlserver://127.0.0.1:1;databaseName=app", "u", SECRET)
                .deriveReadOnlyReplica(false).monitor(false).build()) {
            assertThat(ds.endpoints()).hasSize(1);
        }
    }
}
