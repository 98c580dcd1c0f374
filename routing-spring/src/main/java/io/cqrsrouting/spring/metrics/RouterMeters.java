package io.cqrsrouting.spring.metrics;

import io.cqrsrouting.core.EndpointStatus;
import io.cqrsrouting.core.FallbackReason;
import io.cqrsrouting.dialect.NodeRole;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingEvent;
import io.cqrsrouting.core.RoutingListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one router in one registry. Per-call counts are read from the router's own
 * counters when the registry is scraped (nothing is added to the per-call path); state changes are
 * counted from the router's events, which this object listens to.
 */
final class RouterMeters implements RoutingListener {

    static final String PREFIX = "cqrs.routing.";

    private final RoutingDataSource router;
    private final MeterRegistry registry;
    private final Tags cluster;
    private final Map<String, EndpointTraffic> traffic = new HashMap<>();

    RouterMeters(RoutingDataSource router, MeterRegistry registry) {
        this.router = router;
        this.registry = registry;
        this.cluster = Tags.of("cluster", router.name());
        for (EndpointStatus s : router.endpoints()) {
            bindEndpoint(s);
        }
        for (FallbackReason reason : FallbackReason.values()) {
            FunctionCounter.builder(PREFIX + "fallbacks", router, r -> r.fallbackCount(reason))
                    .description("Replica reads served by the primary (or failed) because no"
                            + " replica was eligible, by reason")
                    .tags(cluster).tag("reason", lower(reason)).register(registry);
        }
        Gauge.builder(PREFIX + "writes.available", router, r -> r.writesUnavailable() ? 0 : 1)
                .description("1 while a writable primary is reachable, 0 in writes-unavailable mode")
                .tags(cluster).strongReference(true).register(registry);
        failovers();
        writesUnavailable();
    }

    private void bindEndpoint(EndpointStatus s) {
        String name = s.name();
        Tags tags = cluster.and("endpoint", name);
        EndpointTraffic t = new EndpointTraffic();
        traffic.put(name, t);
        // Endpoint mode: an endpoint serves only the route it is declared for. Cluster mode: a
        // node serves either, depending on which node takes writes.
        for (Route route : Route.values()) {
            if (router.clusterMode() || route == s.declaredRoute()) {
                FunctionCounter.builder(PREFIX + "connections", t, x -> x.count(status(name), route))
                        .description("Connections handed out by the router, by route and endpoint")
                        .tags(tags).tag("route", lower(route)).register(registry);
            }
        }
        if (router.clusterMode() || s.declaredRoute() == Route.REPLICA) {
            TimeGauge.builder(PREFIX + "replica.lag", router, TimeUnit.MILLISECONDS,
                            r -> lagOf(status(name)))
                    .description("Replication lag of the endpoint as last measured by the monitor")
                    .tags(tags).strongReference(true).register(registry);
        }
        Gauge.builder(PREFIX + "endpoint.up", router, r -> up(status(name)))
                .description("1 if the endpoint answered the last probe, else 0")
                .tags(tags).strongReference(true).register(registry);
        Gauge.builder(PREFIX + "endpoint.writable", router, r -> writable(status(name)))
                .description("1 if the endpoint accepts writes, 0 if read-only, NaN if unknown")
                .tags(tags).strongReference(true).register(registry);
        endpointDown(name);
        evictions(name);
        aborted(name);
    }

    private EndpointStatus status(String name) {
        for (EndpointStatus s : router.endpoints()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static double lagOf(EndpointStatus s) {
        return s == null || !s.reachable() || s.lagMillis() < 0 ? Double.NaN : s.lagMillis();
    }

    private static double up(EndpointStatus s) {
        return s != null && s.reachable() ? 1 : 0;
    }

    private static double writable(EndpointStatus s) {
        if (s == null || !s.reachable() || s.role() == NodeRole.UNKNOWN) {
            return Double.NaN;
        }
        return s.role() == NodeRole.WRITABLE ? 1 : 0;
    }

    @Override
    public void onEvent(RoutingEvent event) {
        switch (event.kind()) {
            case FAILOVER_DETECTED -> failovers().increment();
            case WRITES_UNAVAILABLE_ENTERED -> writesUnavailable().increment();
            case WRITES_UNAVAILABLE_LEFT -> Timer.builder(PREFIX + "writes.unavailable.duration")
                    .description("How long writes were unavailable, per episode")
                    .tags(cluster).register(registry).record(Duration.ofMillis(
                            ((RoutingEvent.WritesUnavailableLeft) event).durationMillis()));
            case ENDPOINT_DOWN -> endpointDown(((RoutingEvent.EndpointDown) event).endpoint())
                    .increment();
            case CONNECTIONS_EVICTED -> evictions(
                    ((RoutingEvent.ConnectionsEvicted) event).endpoint()).increment();
            case IN_FLIGHT_ABORTED -> {
                RoutingEvent.InFlightAborted a = (RoutingEvent.InFlightAborted) event;
                aborted(a.endpoint()).increment(a.connections());
            }
            default -> {
                // role changes and recoveries are visible in the endpoint gauges
            }
        }
    }

    private Counter failovers() {
        return Counter.builder(PREFIX + "failovers")
                .description("Failovers detected: another node took over writes (cluster mode)")
                .tags(cluster).register(registry);
    }

    private Counter writesUnavailable() {
        return Counter.builder(PREFIX + "writes.unavailable")
                .description("Times the router entered writes-unavailable mode")
                .tags(cluster).register(registry);
    }

    private Counter endpointDown(String endpoint) {
        return Counter.builder(PREFIX + "endpoint.down")
                .description("Times the endpoint was found unreachable")
                .tags(cluster).tag("endpoint", endpoint).register(registry);
    }

    private Counter evictions(String endpoint) {
        return Counter.builder(PREFIX + "evictions")
                .description("Times the endpoint's pooled connections were evicted")
                .tags(cluster).tag("endpoint", endpoint).register(registry);
    }

    private Counter aborted(String endpoint) {
        return Counter.builder(PREFIX + "aborted.connections")
                .description("In-use connections aborted because their endpoint went down")
                .tags(cluster).tag("endpoint", endpoint).register(registry);
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
