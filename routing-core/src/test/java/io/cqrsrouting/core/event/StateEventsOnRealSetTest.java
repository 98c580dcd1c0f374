package io.cqrsrouting.core.event;

import io.cqrsrouting.core.RoutingEvent;
import static io.cqrsrouting.core.RoutingEvent.Kind.CONNECTIONS_EVICTED;
import static io.cqrsrouting.core.RoutingEvent.Kind.ENDPOINT_DOWN;
import static io.cqrsrouting.core.RoutingEvent.Kind.FAILOVER_DETECTED;
import static io.cqrsrouting.core.RoutingEvent.Kind.ROLE_CHANGED;
import static io.cqrsrouting.core.RoutingEvent.Kind.WRITES_UNAVAILABLE_ENTERED;
import static io.cqrsrouting.core.RoutingEvent.Kind.WRITES_UNAVAILABLE_LEFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.dialect.NodeRole;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingDataSourceBuilder;
import io.cqrsrouting.core.WritesUnavailableException;
import io.cqrsrouting.core.RoutingEvent.EndpointDown;
import io.cqrsrouting.core.RoutingEvent.FailoverDetected;
import io.cqrsrouting.core.RoutingEvent.RoleChanged;
import io.cqrsrouting.core.RoutingEvent.WritesUnavailableEntered;
import io.cqrsrouting.core.RoutingEvent.WritesUnavailableLeft;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** State-change events, in order, on a real primary and hot standby that fail and recover. */
class StateEventsOnRealSetTest {

    private PostgresReplicaSet set;
    private RoutingDataSource router;
    private final Events heard = new Events();

    @BeforeEach
    void start() {
        set = PostgresReplicaSet.start(1);
    }

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        set.close();
    }

    private RoutingDataSourceBuilder fast(RoutingDataSourceBuilder b) {
        return b.monitorInterval(Duration.ofMillis(50)).probeTimeout(Duration.ofSeconds(1))
                .connectionTimeout(Duration.ofSeconds(2)).listener(heard);
    }

    @Test
    void clusterModeFailoverIsHeardInOrder() throws Exception {
        router = fast(RoutingDataSource.builder()
                .node(set.primaryJdbcUrl(), set.username(), set.password())
                .node(set.standbyJdbcUrl(0), set.username(), set.password())).build();
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
        String cluster = router.name();
        // The first probes tell each node's role.
        assertThat(heard.of(ROLE_CHANGED)).containsExactlyInAnyOrder(
                new RoleChanged(cluster, "node-1", NodeRole.UNKNOWN, NodeRole.WRITABLE),
                new RoleChanged(cluster, "node-2", NodeRole.UNKNOWN, NodeRole.READ_ONLY));
        heard.events.clear();

        set.primary().kill();
        Events.await(router::writesUnavailable, 10_000);
        set.promote(0);
        Events.await(() -> router.currentPrimary().name().equals("node-2")
                && !router.writesUnavailable(), 20_000);

        List<RoutingEvent> story = heard.of(ENDPOINT_DOWN, WRITES_UNAVAILABLE_ENTERED,
                ROLE_CHANGED, FAILOVER_DETECTED, WRITES_UNAVAILABLE_LEFT);
        assertThat(story).hasSize(5);
        assertThat(story.get(0)).isInstanceOfSatisfying(EndpointDown.class, e -> {
            assertThat(e.endpoint()).isEqualTo("node-1");
            assertThat(e.previousRole()).isEqualTo(NodeRole.WRITABLE);
            assertThat(e.cluster()).isEqualTo(cluster);
        });
        assertThat(story.subList(1, 4)).containsExactly(
                new WritesUnavailableEntered(cluster, "node-1", "unreachable"),
                new RoleChanged(cluster, "node-2", NodeRole.READ_ONLY, NodeRole.WRITABLE),
                new FailoverDetected(cluster, "node-2", "node-1"));
        assertThat(story.get(4)).isInstanceOfSatisfying(WritesUnavailableLeft.class, e -> {
            assertThat(e.primary()).isEqualTo("node-2");
            assertThat(e.durationMillis()).isPositive();
        });
        // The dead node's pool was emptied when it went down, and again when it was replaced.
        assertThat(heard.of(CONNECTIONS_EVICTED)).extracting("endpoint", "reason")
                .contains(org.assertj.core.groups.Tuple.tuple("node-1", "unreachable"),
                        org.assertj.core.groups.Tuple.tuple("node-1", "replaced by node-2"));
    }

    @Test
    void rollingUpgradeEntersAndLeavesWritesUnavailable() throws Exception {
        router = fast(RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())).build();
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
        String cluster = router.name();
        heard.events.clear();

        set.setPrimaryReadOnly(true);
        Events.await(router::writesUnavailable, 10_000);
        set.setPrimaryReadOnly(false);
        Events.await(() -> !router.writesUnavailable(), 10_000);

        List<RoutingEvent> story = heard.of(ROLE_CHANGED, WRITES_UNAVAILABLE_ENTERED,
                WRITES_UNAVAILABLE_LEFT);
        assertThat(story).hasSize(4);
        assertThat(story.subList(0, 3)).containsExactly(
                new RoleChanged(cluster, "primary", NodeRole.WRITABLE, NodeRole.READ_ONLY),
                new WritesUnavailableEntered(cluster, "primary", "read-only"),
                new RoleChanged(cluster, "primary", NodeRole.READ_ONLY, NodeRole.WRITABLE));
        assertThat(story.get(3)).isInstanceOf(WritesUnavailableLeft.class)
                .extracting("primary").isEqualTo("primary");
        assertThat(heard.of(CONNECTIONS_EVICTED)).extracting("endpoint")
                .containsOnly("primary").hasSize(2);
    }

    @Test
    void writeRejectedBeforeTheMonitorNoticesIsHeardAtOnce() throws Exception {
        router = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitorInterval(Duration.ofSeconds(30)).listener(heard).build();
        assertThat(router.awaitMonitor(1, 10_000)).isTrue();
        String cluster = router.name();
        heard.events.clear();

        set.setPrimaryReadOnly(true);
        try {
            assertThatThrownBy(() -> Routing.command(() -> {
                try (Connection c = router.getConnection(); Statement st = c.createStatement()) {
                    return st.execute("CREATE TABLE t_rejected (id int)");
                }
            })).isInstanceOf(WritesUnavailableException.class);

            assertThat(router.writesUnavailable()).isTrue();
            assertThat(heard.of(ROLE_CHANGED, WRITES_UNAVAILABLE_ENTERED)).containsExactly(
                    new RoleChanged(cluster, "primary", NodeRole.WRITABLE, NodeRole.READ_ONLY),
                    new WritesUnavailableEntered(cluster, "primary", "read-only"));
        } finally {
            set.setPrimaryReadOnly(false);
        }
        assertThat(router.awaitMonitor(1, 10_000)).isTrue();
        assertThat(router.writesUnavailable()).isFalse();
        assertThat(heard.events.get(heard.events.size() - 1))
                .isInstanceOf(WritesUnavailableLeft.class);
    }
}
