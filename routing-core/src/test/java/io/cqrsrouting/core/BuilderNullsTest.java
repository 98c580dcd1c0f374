package io.cqrsrouting.core;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every missing or repeated builder value is a {@link RoutingConfigurationException} that names the
 * setting (never a {@code NullPointerException}); nothing here opens a connection.
 */
class BuilderNullsTest {

    private static final String URL_1 = "jdbc:postgresql://127.0.0.1:1/app";
    private static final String URL_2 = "jdbc:postgresql://127.0.0.1:2/app";

    private static void failsNaming(String setting, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(RoutingConfigurationException.class)
                .hasMessageStartingWith(setting + ": ")
                .extracting(e -> ((RoutingConfigurationException) e).setting()).isEqualTo(setting);
    }

    @Test
    void nullSettingsAreNamed() {
        failsNaming("replicaSelection", () -> RoutingDataSource.builder().replicaSelection(null));
        failsNaming("whenNoReplica", () -> RoutingDataSource.builder().whenNoReplica(null));
        failsNaming("defaultRoute", () -> RoutingDataSource.builder().defaultRoute(null));
        failsNaming("readsAfterWrite", () -> RoutingDataSource.builder().readsAfterWrite(null));
        failsNaming("listener", () -> RoutingDataSource.builder().listener(null));
        failsNaming("poolCustomizer", () -> RoutingDataSource.builder().poolCustomizer(null));
        failsNaming("primary", () -> RoutingDataSource.builder().primary((DataSource) null));
        failsNaming("replicas[0]", () -> RoutingDataSource.builder().replica((DataSource) null));
        failsNaming("nodes[0]", () -> RoutingDataSource.builder().node((DataSource) null));
        failsNaming("acceptedTokenKeys", () -> RoutingDataSource.builder()
                .acceptedTokenKeys((byte[][]) null));
        failsNaming("monitorInterval", () -> RoutingDataSource.builder().primary(URL_1, "u", "p")
                .monitorInterval(null).build());
    }

    @Test
    void aDuplicateNodeNamesTheNodeItRepeats() {
        assertThatThrownBy(() -> RoutingDataSource.builder().node(URL_1, "u", "p")
                .node(URL_2, "u", "p").node(URL_1, "u", "p").build())
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageStartingWith("nodes[2]: duplicate endpoint")
                .hasMessageContaining("already configured as nodes[0]")
                .hasMessageNotContaining("primary");
    }

    @Test
    void aDuplicateReplicaStillNamesThePrimary() {
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(URL_1, "u", "p")
                .replica(URL_2, "u", "p").replica(URL_1, "u", "p").build())
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageStartingWith("replicas[1]: duplicate endpoint")
                .hasMessageContaining("already configured as primary");
    }
}
