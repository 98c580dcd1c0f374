package io.cqrsrouting.spring.observation;

import io.cqrsrouting.core.FallbackReason;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.core.RoutingEvent;
import io.cqrsrouting.core.RoutingListener;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts each routing decision of one router on the current Micrometer {@link Observation} as
 * low-cardinality key values, so a trace span (or an observation's timer) says where the
 * connection went:
 *
 * <table>
 *   <caption>Key values</caption>
 *   <tr><th>key</th><th>values</th></tr>
 *   <tr><td>{@code cqrs.routing.cluster}</td><td>the router's name</td></tr>
 *   <tr><td>{@code cqrs.routing.route}</td><td>{@code primary}, {@code replica}</td></tr>
 *   <tr><td>{@code cqrs.routing.endpoint}</td><td>{@code primary}, {@code replica-1},
 *       {@code node-2}, …</td></tr>
 *   <tr><td>{@code cqrs.routing.intent}</td><td>{@code command}, {@code query},
 *       {@code consistent}, {@code none}</td></tr>
 *   <tr><td>{@code cqrs.routing.fallback}</td><td>{@code none}, or why a replica read went to
 *       the primary: {@code no_replica_configured}, {@code all_replicas_down},
 *       {@code staleness_bound}, {@code behind_token}</td></tr>
 * </table>
 *
 * <p>The observation current at {@code getConnection()} is the one that gets them: with a
 * DataSource-wrapping tracer (datasource-micrometer, the OpenTelemetry JDBC instrumentation) that
 * is the connection's own span; otherwise the enclosing one (an HTTP request, an
 * {@code @Observed} method). Several connections in one observation: the last decision wins for
 * route, endpoint and intent; {@code fallback} keeps the last fallback seen, {@code none} if there
 * was none, so every observation carries the same keys.
 *
 * <p>Cost: with no current observation, one thread-local read and nothing else — no allocation.
 * All key values are built once (endpoint ones on first use).
 */
public final class RoutingObservationListener implements RoutingListener {

    // Key names, not configuration properties: kept out of the metadata completeness check.
    private static final String KEY_PREFIX = "cqrs.routing.";

    /** Key of the router's name. */
    public static final String CLUSTER = KEY_PREFIX + "cluster";
    /** Key of the route taken. */
    public static final String ROUTE = KEY_PREFIX + "route";
    /** Key of the endpoint that served the connection. */
    public static final String ENDPOINT = KEY_PREFIX + "endpoint";
    /** Key of the routing scope's kind. */
    public static final String INTENT = KEY_PREFIX + "intent";
    /** Key of the fallback reason. */
    public static final String FALLBACK = KEY_PREFIX + "fallback";

    private static final KeyValue[] ROUTES = keys(ROUTE, Route.values());
    private static final KeyValue[] INTENTS = keys(INTENT, RoutingIntent.Kind.values());
    private static final KeyValue NO_INTENT = KeyValue.of(INTENT, "none");
    private static final KeyValue[] FALLBACKS = keys(FALLBACK, FallbackReason.values());
    private static final KeyValue NO_FALLBACK = KeyValue.of(FALLBACK, "none");

    private final ObservationRegistry registry;
    private final KeyValue cluster;
    private final ConcurrentHashMap<String, KeyValue> endpoints = new ConcurrentHashMap<>();

    /**
     * @param registry where the current observation is looked up
     * @param router the router whose decisions this listener hears (for its name); add the
     *     listener to that router with {@link RoutingDataSource#addListener}
     */
    public RoutingObservationListener(ObservationRegistry registry, RoutingDataSource router) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.cluster = KeyValue.of(CLUSTER, Objects.requireNonNull(router, "router").name());
    }

    /**
     * Adds a listener for {@code registry} to {@code router}.
     *
     * @param registry the observation registry
     * @param router the router
     * @return the listener added
     */
    public static RoutingObservationListener attach(ObservationRegistry registry,
            RoutingDataSource router) {
        RoutingObservationListener listener = new RoutingObservationListener(registry, router);
        router.addListener(listener);
        return listener;
    }

    @Override
    public void onEvent(RoutingEvent event) {
        // State changes are metrics and health business, not a call's.
    }

    @Override
    public void routed(RoutingIntent intent, Route route, String endpoint) {
        Observation current = registry.getCurrentObservation();
        if (current == null || current.isNoop()) {
            return;
        }
        current.lowCardinalityKeyValue(cluster);
        current.lowCardinalityKeyValue(ROUTES[route.ordinal()]);
        current.lowCardinalityKeyValue(endpoints.computeIfAbsent(endpoint,
                RoutingObservationListener::endpointKey));
        current.lowCardinalityKeyValue(intent == null ? NO_INTENT
                : INTENTS[intent.kind().ordinal()]);
        if (current.getContextView().getLowCardinalityKeyValue(FALLBACK) == null) {
            current.lowCardinalityKeyValue(NO_FALLBACK);
        }
    }

    @Override
    public void fallback(RoutingIntent intent, FallbackReason reason) {
        Observation current = registry.getCurrentObservation();
        if (current == null || current.isNoop()) {
            return;
        }
        current.lowCardinalityKeyValue(FALLBACKS[reason.ordinal()]);
    }

    private static KeyValue endpointKey(String endpoint) {
        return KeyValue.of(ENDPOINT, endpoint);
    }

    private static KeyValue[] keys(String key, Enum<?>[] values) {
        KeyValue[] keys = new KeyValue[values.length];
        for (Enum<?> value : values) {
            keys[value.ordinal()] = KeyValue.of(key, value.name().toLowerCase(Locale.ROOT));
        }
        return keys;
    }

    @Override
    public String toString() {
        return "RoutingObservationListener[" + cluster.getValue() + "]";
    }
}
