package io.cqrsrouting.spring.health;

import io.cqrsrouting.core.EndpointStatus;
import io.cqrsrouting.core.RoutingDataSource;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the routers as their monitor last saw them, without touching the database: the role,
 * state and lag of each endpoint, which endpoint takes writes and whether writes are available.
 * Details hold endpoint names and masked URLs, never credentials.
 *
 * <p>{@code DOWN} only when no endpoint of a router can serve (neither the primary nor any
 * replica answers). A primary that is read-only or unreachable while replicas serve reads is
 * {@code UP} with {@code writes: unavailable}: the application still works for reads, and the
 * {@code cqrs.routing.writes.available} gauge is the signal to alert on.
 *
 * <pre>
 * "cqrsRouting": { "status": "UP", "details": {
 *   "cluster": "jdbc:postgresql://db:5432/app", "writes": "available", "primary": "primary",
 *   "endpoints": {
 *     "primary":   { "route": "primary", "role": "WRITABLE",  "state": "UP", "lagMillis": 0, ... },
 *     "replica-1": { "route": "replica", "role": "READ_ONLY", "state": "UP", "lagMillis": 12, ... }
 *   } } }
 * </pre>
 *
 * With several routers, the details hold one such map per router under its cluster name.
 */
public class CqrsRoutingHealthIndicator implements HealthIndicator {

    private final Supplier<? extends Collection<RoutingDataSource>> routers;

    /** @param routers the routers to report on */
    public CqrsRoutingHealthIndicator(RoutingDataSource... routers) {
        this(() -> List.of(routers));
    }

    /** @param routers supplies the routers to report on, at every health check */
    public CqrsRoutingHealthIndicator(Supplier<? extends Collection<RoutingDataSource>> routers) {
        this.routers = Objects.requireNonNull(routers, "routers");
    }

    @Override
    public Health health() {
        Collection<RoutingDataSource> all = routers.get();
        if (all.isEmpty()) {
            return Health.unknown().withDetail("routers", 0).build();
        }
        boolean serving = true;
        Map<String, Object> perRouter = new LinkedHashMap<>();
        for (RoutingDataSource router : all) {
            List<EndpointStatus> endpoints = router.endpoints();
            serving &= endpoints.stream().anyMatch(EndpointStatus::reachable);
            perRouter.put(router.name(), details(router, endpoints));
        }
        Health.Builder health = new Health.Builder(serving ? Status.UP : Status.DOWN);
        if (perRouter.size() == 1) {
            @SuppressWarnings("unchecked")
            Map<String, Object> only = (Map<String, Object>) perRouter.values().iterator().next();
            return health.withDetails(only).build();
        }
        return health.withDetails(perRouter).build();
    }

    private static Map<String, Object> details(RoutingDataSource router,
            List<EndpointStatus> endpoints) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cluster", router.name());
        details.put("mode", router.clusterMode() ? "cluster" : "endpoints");
        details.put("writes", router.writesUnavailable() ? "unavailable" : "available");
        details.put("primary", router.currentPrimary().name());
        Map<String, Object> byName = new LinkedHashMap<>();
        for (EndpointStatus s : endpoints) {
            byName.put(s.name(), endpoint(s));
        }
        details.put("endpoints", byName);
        return details;
    }

    private static Map<String, Object> endpoint(EndpointStatus s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("route", s.declaredRoute().name().toLowerCase(Locale.ROOT));
        e.put("role", s.reachable() ? s.role().name() : "UNKNOWN");
        e.put("state", s.reachable() ? "UP" : "DOWN");
        if (s.reachable() && s.lagMillis() >= 0) {
            e.put("lagMillis", s.lagMillis());
        }
        e.put("served", s.served());
        if (s.positionsUnavailable() != null) {
            // e.g. the GRANT the login needs before replicas can serve bounded or RYW reads
            e.put("positionsUnavailable", s.positionsUnavailable());
        }
        // The description is the masked JDBC URL, or the type of a DataSource given to the router.
        e.put(s.description().startsWith("jdbc:") ? "url" : "dataSource", s.description());
        return e;
    }
}
