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
    /** The statement's own intent, kept until it ends (the route check before prepare reads it). */
    private RoutingIntent statement;

    private PendingRoute() {
    }

    static void set(RoutingIntent intent) {
        PendingRoute slot = CURRENT.get();
        slot.intent = intent;
        slot.statement = intent;
    }

    /** The connection is acquired: the decision must not reach another acquisition. */
    static void clear() {
        CURRENT.get().intent = null;
    }

    /** The statement ended. */
    static void end() {
        PendingRoute slot = CURRENT.get();
        slot.intent = null;
        slot.statement = null;
    }

    /** @return the intent of the statement executing on this thread, or null */
    static RoutingIntent statement() {
        return CURRENT.get().statement;
    }

    /** @return the pending intent, or null; either way the slot is empty afterwards */
    static RoutingIntent take() {
        PendingRoute slot = CURRENT.get();
        RoutingIntent intent = slot.intent;
        slot.intent = null;
        return intent;
    }
}
