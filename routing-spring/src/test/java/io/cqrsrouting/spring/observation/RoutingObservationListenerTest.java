package io.cqrsrouting.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.FallbackReason;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingIntent;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The per-call hook: key values on the current observation, nothing (not a byte) without one.
 * End to end, with a real tracer and database: {@code TracedDataSourceBootTest}.
 */
class RoutingObservationListenerTest {

    private static final int CALLS = 200_000;
    private static final RoutingIntent QUERY = RoutingIntent.query();

    // Never connects: the monitor is off and no connection is asked for.
    private static final RoutingDataSource ROUTER = RoutingDataSource.builder().name("orders")
            .primary(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"))
            .monitor(false).build();

    @AfterAll
    static void close() {
        ROUTER.close();
    }

    private static String value(Observation observation, String key) {
        KeyValue kv = observation.getContextView().getLowCardinalityKeyValue(key);
        return kv == null ? null : kv.getValue();
    }

    @Test
    void decisionsLandOnTheCurrentObservationAndAFallbackStaysVisible() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(context -> true);
        RoutingObservationListener listener = new RoutingObservationListener(registry, ROUTER);
        Observation request = Observation.start("request", registry);
        try (Observation.Scope scope = request.openScope()) {
            listener.routed(QUERY, Route.REPLICA, "replica-1");
            assertThat(value(request, RoutingObservationListener.ROUTE)).isEqualTo("replica");
            assertThat(value(request, RoutingObservationListener.ENDPOINT)).isEqualTo("replica-1");
            assertThat(value(request, RoutingObservationListener.INTENT)).isEqualTo("query");
            assertThat(value(request, RoutingObservationListener.CLUSTER)).isEqualTo("orders");
            assertThat(value(request, RoutingObservationListener.FALLBACK)).isEqualTo("none");

            listener.fallback(QUERY, FallbackReason.STALENESS_BOUND);
            listener.routed(null, Route.PRIMARY, "primary");
            assertThat(value(request, RoutingObservationListener.ROUTE)).isEqualTo("primary");
            assertThat(value(request, RoutingObservationListener.INTENT)).isEqualTo("none");
            assertThat(value(request, RoutingObservationListener.FALLBACK))
                    .isEqualTo("staleness_bound");
        } finally {
            request.stop();
        }
    }

    @Test
    void withoutACurrentObservationTheHookAllocatesNothing() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(context -> true);
        RoutingObservationListener listener = new RoutingObservationListener(registry, ROUTER);
        assertThat(registry.getCurrentObservation()).isNull();

        long bytes = allocatedBy(() -> {
            listener.routed(QUERY, Route.REPLICA, "replica-1");
            listener.fallback(QUERY, FallbackReason.ALL_REPLICAS_DOWN);
        });

        assertThat(bytes).as("bytes allocated by %s calls", 2 * CALLS).isLessThan(16_384);
    }

    @Test
    void withAnObservationOnlyTheObservationsOwnStorageAllocates() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(context -> true);
        RoutingObservationListener listener = new RoutingObservationListener(registry, ROUTER);
        Observation observation = Observation.start("request", registry);
        try (Observation.Scope scope = observation.openScope()) {
            long bytes = allocatedBy(() -> listener.routed(QUERY, Route.REPLICA, "replica-1"));
            // Re-putting the same prebuilt key values into the context's map: no new objects.
            assertThat(bytes).as("bytes allocated by %s calls", CALLS).isLessThan(16_384);
        } finally {
            observation.stop();
        }
    }

    private static long allocatedBy(Runnable call) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < CALLS; i++) { // warm-up: caches filled, code compiled
            call.run();
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
