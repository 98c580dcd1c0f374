package io.cqrsrouting.spring.metrics;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.FallbackReason;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.failure.Failure;
import io.cqrsrouting.core.failure.FailureKind;
import io.cqrsrouting.core.retry.Retrier;
import io.cqrsrouting.spring.metrics.app.Catalog;
import io.cqrsrouting.spring.metrics.app.ObservedApp;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The cqrs.routing.* meters of a Boot application with Actuator and only cqrs.routing.* settings. */
@SpringBootTest(classes = ObservedApp.class)
class MetricsBootTest {

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        ObservedApp.routingProperties(registry);
    }

    @Autowired MeterRegistry registry;
    @Autowired RoutingDataSource router;
    @Autowired Catalog catalog;
    @Autowired Retrier.Listener retryListener;

    @BeforeEach
    void monitorHasLooked() throws InterruptedException {
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
    }

    private double connections(String route, String endpoint) {
        return registry.find("cqrs.routing.connections").tag("route", route)
                .tag("endpoint", endpoint).functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }

    @Test
    void queriesAreCountedOnTheReplicaRouteAndCommandsOnThePrimaryRoute() {
        double replicaBefore = connections("replica", "replica-1");
        double primaryBefore = connections("primary", "primary");

        for (int i = 0; i < 25; i++) {
            assertThat(catalog.find()).isEqualTo(STANDBY);
        }
        assertThat(catalog.save()).isEqualTo(PRIMARY);

        assertThat(connections("replica", "replica-1") - replicaBefore).isGreaterThanOrEqualTo(25);
        assertThat(connections("primary", "primary") - primaryBefore).isGreaterThanOrEqualTo(1);
        // Endpoint mode: an endpoint is counted only on the route it serves.
        assertThat(registry.find("cqrs.routing.connections").tag("endpoint", "replica-1")
                .tag("route", "primary").functionCounter()).isNull();
    }

    @Test
    void theStandbyHasALagGaugeAndThePrimaryNone() {
        TimeGauge lag = registry.find("cqrs.routing.replica.lag").tag("endpoint", "replica-1")
                .timeGauge();
        assertThat(lag).isNotNull();
        assertThat(lag.value(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(0);
        assertThat(registry.find("cqrs.routing.replica.lag").tag("endpoint", "primary")
                .timeGauge()).isNull();
    }

    @Test
    void healthOfEndpointsAndWritesIsGauged() {
        assertThat(registry.get("cqrs.routing.endpoint.up").tag("endpoint", "primary").gauge()
                .value()).isEqualTo(1);
        assertThat(registry.get("cqrs.routing.endpoint.up").tag("endpoint", "replica-1").gauge()
                .value()).isEqualTo(1);
        assertThat(registry.get("cqrs.routing.endpoint.writable").tag("endpoint", "primary")
                .gauge().value()).isEqualTo(1);
        assertThat(registry.get("cqrs.routing.endpoint.writable").tag("endpoint", "replica-1")
                .gauge().value()).isEqualTo(0);
        assertThat(registry.get("cqrs.routing.writes.available").gauge().value()).isEqualTo(1);
    }

    @Test
    void fallbacksAreCountedByReasonAndStateChangesStartAtZero() {
        for (FallbackReason reason : FallbackReason.values()) {
            String tag = reason.name().toLowerCase(java.util.Locale.ROOT);
            assertThat(registry.get("cqrs.routing.fallbacks").tag("reason", tag)
                    .functionCounter().count()).isEqualTo(router.fallbackCount(reason));
        }
        assertThat(registry.get("cqrs.routing.failovers").counter().count()).isZero();
        assertThat(registry.get("cqrs.routing.writes.unavailable").counter().count()).isZero();
        assertThat(registry.get("cqrs.routing.endpoint.down").tag("endpoint", "replica-1")
                .counter().count()).isZero();
    }

    @Test
    void retriesAreCountedByFailureKind() {
        double before = registry.get("cqrs.routing.retries").tag("failure", "connection_lost")
                .counter().count();

        retryListener.onRetry(1, new Failure(FailureKind.CONNECTION_LOST, "08006", 0, false, null),
                1_000_000L);

        assertThat(registry.get("cqrs.routing.retries").tag("failure", "connection_lost")
                .counter().count()).isEqualTo(before + 1);
    }

    @Test
    void noMeterNameOrTagCarriesThePassword() {
        assertThat(registry.getMeters()).isNotEmpty();
        for (Meter meter : registry.find("cqrs.routing.connections").meters()) {
            assertThat(meter.getId().getTag("cluster")).isEqualTo(router.name());
        }
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getName()).doesNotContain(db().password());
            for (Tag tag : meter.getId().getTags()) {
                assertThat(tag.getValue()).doesNotContain(db().password());
            }
        }
    }
}
