package io.cqrsrouting.spring.health;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.RoutingDataSource;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The single indicator (plain Spring): DOWN only when neither the primary nor any replica can
 * serve; degraded states stay UP. The composite (Boot): each child tells its own state.
 */
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

    private static Status child(RoutingDataSource router, String name) {
        return ((HealthIndicator) new RouterHealthContributor(router).getContributor(name))
                .health().getStatus();
    }

    @Test
    void compositeChildrenTellADeadReplicaFromUnavailableWrites() throws Exception {
        try (RoutingDataSource router = router(db().primaryJdbcUrl(), dead())) {
            assertThat(child(router, "writes")).isEqualTo(Status.UP);
            assertThat(child(router, "primary")).isEqualTo(Status.UP);
            assertThat(child(router, "replica-1")).isEqualTo(Status.DOWN);
            assertThat(new RouterHealthContributor(router).stream().map(e -> e.name()))
                    .containsExactly("writes", "primary", "replica-1");
        }
        try (RoutingDataSource router = router(dead(), db().standbyJdbcUrl(0))) {
            assertThat(child(router, "writes")).isEqualTo(Status.DOWN);
            assertThat(child(router, "primary")).isEqualTo(Status.DOWN);
            assertThat(child(router, "replica-1")).isEqualTo(Status.UP);
            assertThat(new RouterHealthContributor(router).getContributor("replica-9")).isNull();
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

    @Test
    void aMonitorUserWithoutPgMonitorShowsTheMissingGrantInTheReplicaDetails() throws Exception {
        org.springframework.jdbc.core.JdbcTemplate admin = new org.springframework.jdbc.core
                .JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                        db().primaryJdbcUrl(), db().username(), db().password()));
        admin.execute("CREATE ROLE health_no_monitor LOGIN PASSWORD 'health-no-monitor'");
        try {
            db().awaitReplay(0, Duration.ofSeconds(10));
            try (RoutingDataSource router = RoutingDataSource.builder()
                    .primary(db().primaryJdbcUrl(), "health_no_monitor", "health-no-monitor")
                    .replica(db().standbyJdbcUrl(0), "health_no_monitor", "health-no-monitor")
                    .monitorInterval(Duration.ofMillis(50)).poolSize(1).build()) {
                assertThat(router.awaitMonitor(2, 10_000)).isTrue();
                Health health = new CqrsRoutingHealthIndicator(router).health(true);

                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(String.valueOf(endpoint(health, "replica-1").get("positionsUnavailable")))
                        .contains("GRANT pg_monitor TO health_no_monitor");
                assertThat(endpoint(health, "primary")).doesNotContainKey("positionsUnavailable");
            }
        } finally {
            admin.execute("DROP ROLE health_no_monitor");
        }
    }
}
