package io.cqrsrouting.spring.health;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.EndpointStatus;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.metrics.app.ObservedApp;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Boot application with only cqrs.routing.* settings: {@code cqrsRouting} is a composite with a
 * {@code writes} child and one child per endpoint, usable in a readiness group; Boot's {@code db}
 * reports the router from its monitor and never runs a query through it.
 */
@SpringBootTest(classes = ObservedApp.class)
class HealthBootTest {

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        ObservedApp.routingProperties(registry);
        registry.add("management.endpoint.health.group.readiness.include",
                () -> "cqrsRouting/writes,cqrsRouting/primary");
    }

    @Autowired HealthContributorRegistry contributors;
    @Autowired HealthEndpoint endpoint;
    @Autowired RoutingDataSource router;

    @Test
    void cqrsRoutingIsACompositeOfWritesAndEveryEndpointWithNoPassword() throws Exception {
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
        assertThat(contributors.getContributor("cqrsRouting"))
                .isInstanceOf(CqrsRoutingHealthContributor.class);

        CompositeHealthDescriptor health =
                (CompositeHealthDescriptor) endpoint.healthForPath("cqrsRouting");
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getComponents()).containsOnlyKeys("writes", "primary", "replica-1");

        Map<String, Object> writes = details("cqrsRouting", "writes");
        assertThat(writes).containsEntry("primary", "primary").containsEntry("cluster", router.name());
        assertThat(details("cqrsRouting", "primary")).containsEntry("route", "primary")
                .containsEntry("role", "WRITABLE");
        Map<String, Object> replica = details("cqrsRouting", "replica-1");
        assertThat(replica).containsEntry("route", "replica").containsEntry("role", "READ_ONLY")
                .containsKey("lagMillis");
        assertThat(replica.get("url").toString()).startsWith("jdbc:postgresql:");
        assertThat(health.toString() + writes + replica).doesNotContain(db().password());
    }

    @Test
    void aReadinessGroupIncludesJustTheChildrenItNames() {
        HealthDescriptor readiness = endpoint.healthForPath("readiness");
        assertThat(readiness.getStatus()).isEqualTo(Status.UP);
        assertThat(((CompositeHealthDescriptor) readiness).getComponents()).containsOnlyKeys(
                "cqrsRouting");
        assertThat(((CompositeHealthDescriptor) ((CompositeHealthDescriptor) readiness)
                .getComponents().get("cqrsRouting")).getComponents())
                .containsOnlyKeys("writes", "primary");
    }

    @Test
    void bootsDbCheckReportsTheRouterFromItsMonitorWithoutAQueryThroughIt() throws Exception {
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
        long servedBefore = served();
        for (int i = 0; i < 5; i++) {
            assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);
        }
        assertThat(served()).as("connections the router handed out during health checks")
                .isEqualTo(servedBefore);
        assertThat(contributors.getContributor("db")).isInstanceOf(DbHealthContributor.class);
        assertThat(endpoint.healthForPath("db", "dataSource", "writes").getStatus())
                .isEqualTo(Status.UP);
    }

    private long served() {
        return router.endpoints().stream().mapToLong(EndpointStatus::served).sum();
    }

    private Map<String, Object> details(String... path) {
        return ((IndicatedHealthDescriptor) endpoint.healthForPath(path)).getDetails();
    }
}
