package io.cqrsrouting.spring.health;

import io.cqrsrouting.core.EndpointStatus;
import io.cqrsrouting.core.RoutingDataSource;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of one router as its monitor last saw it, without a query: a {@code writes} child (UP while
 * a writable primary takes commands, DOWN in writes-unavailable mode) and one child per endpoint
 * ({@code primary}, {@code replica-1} ... or {@code node-1} ...; UP while reachable). Each child can
 * be put in a health group on its own, e.g.
 * {@code management.endpoint.health.group.readiness.include=readinessState,cqrsRouting/writes}.
 * Details hold roles, lag and masked URLs, never credentials.
 */
public final class RouterHealthContributor implements CompositeHealthContributor {

    /** Name of the child that reports whether commands can run. */
    public static final String WRITES = "writes";

    private final RoutingDataSource router;
    private final HealthIndicator writes;

    /** @param router the router to report on */
    public RouterHealthContributor(RoutingDataSource router) {
        this.router = Objects.requireNonNull(router, "router");
        this.writes = this::writes;
    }

    @Override
    public HealthContributor getContributor(String name) {
        if (WRITES.equals(name)) {
            return writes;
        }
        for (EndpointStatus s : router.endpoints()) {
            if (s.name().equals(name)) {
                return (HealthIndicator) () -> endpoint(name);
            }
        }
        return null;
    }

    @Override
    public Stream<Entry> stream() {
        return Stream.concat(Stream.of(new Entry(WRITES, writes)), router.endpoints().stream()
                .map(s -> new Entry(s.name(), (HealthIndicator) () -> endpoint(s.name()))));
    }

    private Health writes() {
        Health.Builder health = router.writesUnavailable() ? Health.down() : Health.up();
        return health.withDetail("cluster", router.name())
                .withDetail("mode", router.clusterMode() ? "cluster" : "endpoints")
                .withDetail("primary", router.currentPrimary().name()).build();
    }

    private Health endpoint(String name) {
        for (EndpointStatus s : router.endpoints()) {
            if (s.name().equals(name)) {
                Health.Builder health = s.reachable() ? Health.up() : Health.down();
                return health.withDetails(details(s)).build();
            }
        }
        return Health.unknown().build();
    }

    static Map<String, Object> details(EndpointStatus s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("route", s.declaredRoute().name().toLowerCase(Locale.ROOT));
        e.put("role", s.reachable() ? s.role().name() : "UNKNOWN");
        if (s.reachable() && s.lagMillis() >= 0) {
            e.put("lagMillis", s.lagMillis());
        }
        e.put("served", s.served());
        // The description is the masked JDBC URL, or the type of a DataSource given to the router.
        e.put(s.description().startsWith("jdbc:") ? "url" : "dataSource", s.description());
        return e;
    }
}
