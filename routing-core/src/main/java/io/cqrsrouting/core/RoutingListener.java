package io.cqrsrouting.core;

import io.cqrsrouting.core.RoutingEvent;
import io.cqrsrouting.core.FallbackReason;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.RoutingIntent;

/**
 * Hears what a {@link io.cqrsrouting.core.RoutingDataSource} does: state changes as
 * {@link RoutingEvent}s, and — per call, without allocation — each routing decision and each
 * fallback of a replica read to the primary.
 *
 * <p>Threads: state changes arrive on the router's monitor threads, or on the application thread
 * that saw a failure first; per-call methods run on the calling thread, inside
 * {@code getConnection()}. Implementations must therefore be thread-safe, fast and non-blocking.
 * An exception thrown by a listener is logged and otherwise ignored: it never fails a call or stops
 * the monitor.
 *
 * <p>Events of one router are delivered in the order the router saw the changes; a failover in
 * cluster mode reads, for example: {@link RoutingEvent.EndpointDown} (old primary),
 * {@link RoutingEvent.WritesUnavailableEntered}, {@link RoutingEvent.RoleChanged} (standby turned
 * writable), {@link RoutingEvent.FailoverDetected}, {@link RoutingEvent.WritesUnavailableLeft}.
 *
 * <pre>{@code
 * RoutingDataSource ds = RoutingDataSource.builder()
 *     .node(url1, user, secret).node(url2, user, secret)
 *     .listener(event -> log.info("routing: {}", event))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface RoutingListener {

    /**
     * A state change of the router or one of its endpoints.
     *
     * @param event what happened; never null
     */
    void onEvent(RoutingEvent event);

    /**
     * A connection was handed out. Called on every {@code getConnection()} once any listener is
     * registered, so it must not allocate, block or log: count, sample or ignore. Default: ignore.
     *
     * @param intent the routing scope of the call, or {@code null} outside any scope
     * @param route the route taken
     * @param endpoint the short name of the endpoint that served it
     */
    default void routed(RoutingIntent intent, Route route, String endpoint) {
    }

    /**
     * A replica read found no eligible replica and went to the primary, or failed when the router
     * is configured to fail ({@code whenNoReplica(FAIL)}). Per call, like {@link #routed}; the
     * totals are also in {@code RoutingDataSource.fallbackCount(reason)}. Default: ignore.
     *
     * @param intent the routing scope of the call, or {@code null}
     * @param reason why no replica served it
     */
    default void fallback(RoutingIntent intent, FallbackReason reason) {
    }
}
