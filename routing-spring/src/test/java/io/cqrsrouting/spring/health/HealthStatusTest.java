package io.cqrsrouting.spring.health;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.RoutingDataSource;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** DOWN only when neither the primary nor any replica can serve; degraded states stay UP. */
class HealthStatusTest {

    private static String dead() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "jdbc:postgresql://127.0.0.1:" + s.getLocalPort() + "/postgres";
        }
    }

    private static RoutingDataSource router(String primaryUrl, String replicaUrl)
            throws InterruptedException {
        RoutingDataSource router = RoutingDataSource.builder()
                .primary(primaryUrl, db().username(), db().password())
                .replica(replicaUrl, db().username(), db().password())
                .monitorInterval(Duration.ofMillis(50)).probeTimeout(Duration.ofSeconds(1))
                .connectionTimeout(Duration.ofSeconds(1)).build();
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
        return router;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> endpoint(Health health, String name) {
        return ((Map<String, Map<String, Object>>) health.getDetails().get("endpoints")).get(name);
    }

    @Test
    void replicaDownIsUpWithTheReplicaShownDown() throws Exception {
        try (RoutingDataSource router = router(db().primaryJdbcUrl(), dead())) {
            Health health = new CqrsRoutingHealthIndicator(router).health(true);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("writes", "available");
            assertThat(endpoint(health, "replica-1")).containsEntry("state", "DOWN")
                    .containsEntry("role", "UNKNOWN").doesNotContainKey("lagMillis");
        }
    }

    @Test
    void primaryDownWithAServingReplicaIsUpWithWritesUnavailable() throws Exception {
        try (RoutingDataSource router = router(dead(), db().standbyJdbcUrl(0))) {
            Health health = new CqrsRoutingHealthIndicator(router).health(true);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("writes", "unavailable");
            assertThat(endpoint(health, "primary")).containsEntry("state", "DOWN");
            assertThat(endpoint(health, "replica-1")).containsEntry("state", "UP")
                    .containsEntry("role", "READ_ONLY");
        }
    }

    @Test
    void nothingServingIsDown() throws Exception {
        try (RoutingDataSource router = router(dead(), dead())) {
            Health health = new CqrsRoutingHealthIndicator(router).health(true);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.toString()).doesNotContain(db().password());
        }
    }

    @Test
    void severalRoutersAreReportedByClusterNameAndAnyDeadOneIsDown() throws Exception {
        try (RoutingDataSource live = router(db().primaryJdbcUrl(), db().standbyJdbcUrl(0));
                RoutingDataSource gone = router(dead(), dead())) {
            Health health = new CqrsRoutingHealthIndicator(live, gone).health(true);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsOnlyKeys(live.name(), gone.name());
            assertThat(new CqrsRoutingHealthIndicator().health().getStatus())
                    .isEqualTo(Status.UNKNOWN);
        }
    }
}
