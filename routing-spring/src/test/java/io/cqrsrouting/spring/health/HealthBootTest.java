package io.cqrsrouting.spring.health;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.metrics.app.ObservedApp;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The cqrsRouting health contributor of a Boot application with only cqrs.routing.* settings. */
@SpringBootTest(classes = ObservedApp.class)
class HealthBootTest {

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        ObservedApp.routingProperties(registry);
    }

    @Autowired HealthContributorRegistry contributors;
    @Autowired HealthEndpoint endpoint;
    @Autowired RoutingDataSource router;

    @Test
    @SuppressWarnings("unchecked")
    void cqrsRoutingShowsBothEndpointsWithTheirRolesAndNoPassword() throws Exception {
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
        assertThat(contributors.getContributor("cqrsRouting"))
                .isInstanceOf(CqrsRoutingHealthIndicator.class);

        IndicatedHealthDescriptor health =
                (IndicatedHealthDescriptor) endpoint.healthForPath("cqrsRouting");

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        Map<String, Object> details = health.getDetails();
        assertThat(details).containsEntry("writes", "available").containsEntry("primary", "primary")
                .containsEntry("cluster", router.name());
        Map<String, Map<String, Object>> endpoints =
                (Map<String, Map<String, Object>>) details.get("endpoints");
        assertThat(endpoints).containsOnlyKeys("primary", "replica-1");
        assertThat(endpoints.get("primary")).containsEntry("route", "primary")
                .containsEntry("role", "WRITABLE").containsEntry("state", "UP");
        assertThat(endpoints.get("replica-1")).containsEntry("route", "replica")
                .containsEntry("role", "READ_ONLY").containsEntry("state", "UP")
                .containsKey("lagMillis");
        assertThat(endpoints.get("replica-1").get("url").toString())
                .startsWith("jdbc:postgresql:");
        assertThat(details.toString()).doesNotContain(db().password());
    }
}
