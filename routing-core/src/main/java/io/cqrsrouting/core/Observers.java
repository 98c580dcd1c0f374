package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a router tells the outside: its listeners, the decision log, and the fallback and
 * held-connection counters. The per-call methods cost one volatile read when nobody listens.
 */
final class Observers {

    // One debug line per routing decision; the logger name is documented for users.
    private static final Logger DECISIONS =
            LoggerFactory.getLogger(RoutingDataSource.class.getName() + ".decisions");

    private final String cluster;
    private final NoReplicaPolicy policy;
    private final LongAdder[] fallbacks = new LongAdder[FallbackReason.values().length];
    private final LongAdder heldSwitches = new LongAdder();
    private volatile RoutingListeners listeners;
    // Whether the per-call path reports decisions (listeners, or the decision log at debug).
    private volatile boolean observed;

    Observers(String cluster, NoReplicaPolicy policy, RoutingListeners listeners) {
        this.cluster = cluster;
        this.policy = policy;
        this.listeners = listeners;
        for (int i = 0; i < fallbacks.length; i++) {
            fallbacks[i] = new LongAdder();
        }
        refresh();
    }

    /** @return whether the per-call methods have anyone to tell */
    boolean observed() {
        return observed;
    }

    /** Follows a log level changed at run time (the monitor calls it after each round). */
    void refresh() {
        observed = listeners != null || DECISIONS.isDebugEnabled();
    }

    synchronized void add(RoutingListener listener) {
        listeners = RoutingListeners.with(listeners, listener);
        refresh();
    }

    synchronized void remove(RoutingListener listener) {
        listeners = RoutingListeners.without(listeners, listener);
        refresh();
    }

    void emit(RoutingEvent event) {
        RoutingListeners l = listeners;
        if (l != null) {
            l.onEvent(event);
        }
    }

    /** A connection of {@code route} was handed out from {@code e}; only when {@link #observed}. */
    void routed(Route route, Endpoint e) {
        RoutingIntent intent = RoutingContext.current().intent();
        if (DECISIONS.isDebugEnabled()) {
            DECISIONS.debug("cqrs-routing [{}]: {} -> {} {}", cluster,
                    intent == null ? "(no routing scope)" : intent, route, e.name());
        }
        RoutingListeners l = listeners;
        if (l != null) {
            l.routed(intent, route, e.name());
        }
    }

    /** Counts a replica read that found no replica, and reports it when observed. */
    void fellBack(FallbackReason reason) {
        fallbacks[reason.ordinal()].increment();
        if (!observed) {
            return;
        }
        RoutingIntent intent = RoutingContext.current().intent();
        if (DECISIONS.isDebugEnabled()) {
            DECISIONS.debug("cqrs-routing [{}]: {} found no replica ({}); policy {}", cluster,
                    intent == null ? "(no routing scope)" : intent, reason.describe(), policy);
        }
        RoutingListeners l = listeners;
        if (l != null) {
            l.fallback(intent, reason);
        }
    }

    long fallbackCount(FallbackReason reason) {
        return fallbacks[reason.ordinal()].sum();
    }

    void heldSwitch() {
        heldSwitches.increment();
    }

    long heldSwitches() {
        return heldSwitches.sum();
    }
}
