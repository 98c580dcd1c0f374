package io.cqrsrouting.jooq;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.Routing;
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
    /** A record was stored on this thread since the last statement started. */
    private boolean stored;
    /** The statement now executing is the first one after a record was stored. */
    private boolean afterStore;
    /** The mark of the scope the statement's connection was acquired in, or -1. */
    private int scopeMark = -1;

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

    /** A statement starts: it may be the one right after a record was stored. */
    static void start(RoutingIntent intent) {
        PendingRoute slot = CURRENT.get();
        slot.intent = intent;
        slot.statement = intent;
        slot.afterStore = slot.stored;
        slot.stored = false;
    }

    /** The statement ended. */
    static void end() {
        PendingRoute slot = CURRENT.get();
        slot.intent = null;
        slot.statement = null;
        slot.afterStore = false;
        leave(slot);
    }

    /**
     * Keeps the scope the statement's connection was acquired in open until it is prepared.
     *
     * @param mark the scope's mark
     */
    static void scope(int mark) {
        PendingRoute slot = CURRENT.get();
        leave(slot);
        slot.scopeMark = mark;
    }

    /** The statement is prepared: leaves the scope its connection was acquired in, if open. */
    static void leaveScope() {
        leave(CURRENT.get());
    }

    private static void leave(PendingRoute slot) {
        if (slot.scopeMark >= 0) {
            RoutingSpi.exit(slot.scopeMark);
            slot.scopeMark = -1;
        }
    }

    /** An {@code UpdatableRecord} was stored (inserted or updated) on this thread. */
    static void stored() {
        CURRENT.get().stored = true;
    }

    /** @return whether the statement now executing is the first one after a record was stored */
    static boolean afterStore() {
        return CURRENT.get().afterStore;
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
