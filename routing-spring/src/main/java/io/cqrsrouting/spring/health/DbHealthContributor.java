package io.cqrsrouting.spring.health;

import io.cqrsrouting.core.RoutingDataSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * Boot's {@code db} health contributor, for an application with a router: every
 * {@code DataSource} bean by name, where a router is reported by its {@link RouterHealthContributor}
 * (the monitor's view, no query) instead of Boot's validation query, which would run on the
 * router's default route (the primary) and turn {@code db} DOWN during a failover while reads
 * work. Other {@code DataSource}s keep the indicator Boot would give them.
 */
public final class DbHealthContributor implements CompositeHealthContributor {

    private final Supplier<Map<String, DataSource>> dataSources;
    private final Function<DataSource, RoutingDataSource> routerOf;
    private final Function<DataSource, HealthContributor> plain;
    private final Map<DataSource, HealthContributor> plainCache = new ConcurrentHashMap<>();

    /**
     * @param dataSources the DataSource beans by name, at every health check
     * @param routerOf the router a DataSource is or wraps, else null
     * @param plain the usual indicator of a DataSource that is not a router
     */
    public DbHealthContributor(Supplier<Map<String, DataSource>> dataSources,
            Function<DataSource, RoutingDataSource> routerOf,
            Function<DataSource, HealthContributor> plain) {
        this.dataSources = Objects.requireNonNull(dataSources, "dataSources");
        this.routerOf = Objects.requireNonNull(routerOf, "routerOf");
        this.plain = Objects.requireNonNull(plain, "plain");
    }

    private CompositeHealthContributor current() {
        Map<String, HealthContributor> children = new LinkedHashMap<>();
        dataSources.get().forEach((name, ds) -> {
            RoutingDataSource router = routerOf.apply(ds);
            children.put(name, router != null ? new RouterHealthContributor(router)
                    : plainCache.computeIfAbsent(ds, plain));
        });
        return CompositeHealthContributor.fromMap(children);
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
