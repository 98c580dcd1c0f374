package io.cqrsrouting.spring.health;

import io.cqrsrouting.core.RoutingDataSource;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code cqrsRouting} health contributor: with one router, that router's
 * {@link RouterHealthContributor} children ({@code cqrsRouting/writes},
 * {@code cqrsRouting/primary}, {@code cqrsRouting/replica-1} ...); with several, one
 * {@link RouterHealthContributor} per router bean ({@code cqrsRouting/<bean>/writes} ...).
 * Routers are looked up at each health check, so the contributor never forces the
 * {@code DataSource} to be created early.
 */
public final class CqrsRoutingHealthContributor implements CompositeHealthContributor {

    private final Supplier<Map<String, RoutingDataSource>> routers;

    /** @param routers supplies the routers by bean name, at every health check */
    public CqrsRoutingHealthContributor(Supplier<Map<String, RoutingDataSource>> routers) {
        this.routers = Objects.requireNonNull(routers, "routers");
    }

    private CompositeHealthContributor current() {
        Map<String, RoutingDataSource> all = routers.get();
        if (all.isEmpty()) {
            return CompositeHealthContributor.fromMap(Map.of("routers",
                    (HealthIndicator) () -> Health.unknown().withDetail("routers", 0).build()));
        }
        if (all.size() == 1) {
            return new RouterHealthContributor(all.values().iterator().next());
        }
        return CompositeHealthContributor.fromMap(all, RouterHealthContributor::new);
    }

    @Override
    public HealthContributor getContributor(String name) {
        return current().getContributor(name);
    }

    @Override
    public Stream<Entry> stream() {
        return current().stream();
    }
}
