package io.cqrsrouting.jooq;

import io.cqrsrouting.core.RoutingIntent;

/**
 * The route decided for the statement this thread is about to execute, handed from
 * {@link RoutingExecuteListener} (which sees the query) to {@link RoutingConnectionProvider} (which
 * sees only the connection request). jOOQ renders a statement before it acquires the connection,
 * and acquires it before preparing, so the hand-over window has no user code in it.
 */
final class PendingRoute {

    private static final ThreadLocal<PendingRoute> CURRENT = ThreadLocal.withInitial(PendingRoute::new);

    /** A mutable slot, so that setting and clearing it allocates nothing. */
    private RoutingIntent intent;

    private PendingRoute() {
    }

    static void set(RoutingIntent intent) {
        CURRENT.get().intent = intent;
    }

    static void clear() {
        CURRENT.get().intent = null;
    }

    /** @return the pending intent, or null; either way the slot is empty afterwards */
    static RoutingIntent take() {
        PendingRoute slot = CURRENT.get();
        RoutingIntent intent = slot.intent;
        slot.intent = null;
        return intent;
    }
}
