package io.cqrsrouting.spring.metrics;

import io.cqrsrouting.core.RoutingDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Binds the {@code cqrs.routing.*} meters of one or more routers to a Micrometer registry. All
 * meters are tagged with {@code cluster} (the router's name, secrets masked); per-endpoint meters
 * also with {@code endpoint} (its short name: {@code primary}, {@code replica-1}, {@code node-2}).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>extra tags</th></tr>
 *   <tr><td>{@code cqrs.routing.connections}</td><td>function counter</td>
 *       <td>{@code route} ({@code primary}/{@code replica}), {@code endpoint}</td></tr>
 *   <tr><td>{@code cqrs.routing.fallbacks}</td><td>function counter</td><td>{@code reason}</td></tr>
 *   <tr><td>{@code cqrs.routing.replica.lag}</td><td>time gauge</td><td>{@code endpoint}</td></tr>
 *   <tr><td>{@code cqrs.routing.endpoint.up}, {@code cqrs.routing.endpoint.writable}</td>
 *       <td>gauge</td><td>{@code endpoint}</td></tr>
 *   <tr><td>{@code cqrs.routing.writes.available}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code cqrs.routing.failovers}, {@code cqrs.routing.writes.unavailable}</td>
 *       <td>counter</td><td></td></tr>
 *   <tr><td>{@code cqrs.routing.writes.unavailable.duration}</td><td>timer</td><td></td></tr>
 *   <tr><td>{@code cqrs.routing.endpoint.down}, {@code cqrs.routing.evictions},
 *       {@code cqrs.routing.aborted.connections}</td><td>counter</td><td>{@code endpoint}</td></tr>
 * </table>
 *
 * <p>Per-call counts are read from the router's own counters when the registry is read; the
 * per-call path stays as it is. State changes are counted by a listener added to each router.
 */
public final class CqrsRoutingMetrics implements MeterBinder {

    private final Supplier<? extends Collection<RoutingDataSource>> routers;
    // Keeps the meters' state objects reachable: function counters hold them weakly.
    private final List<RouterMeters> bound = new CopyOnWriteArrayList<>();

    /** @param routers the routers to measure */
    public CqrsRoutingMetrics(RoutingDataSource... routers) {
        this(() -> List.of(routers));
    }

    /** @param routers supplies the routers to measure, when a registry is bound */
    public CqrsRoutingMetrics(Supplier<? extends Collection<RoutingDataSource>> routers) {
        this.routers = Objects.requireNonNull(routers, "routers");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (RoutingDataSource router : routers.get()) {
            RouterMeters meters = new RouterMeters(router, registry);
            router.addListener(meters);
            bound.add(meters);
        }
    }
}
