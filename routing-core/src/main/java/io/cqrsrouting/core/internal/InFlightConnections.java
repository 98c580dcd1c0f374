package io.cqrsrouting.core.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The connections an endpoint handed out and that are not closed yet, so that a dead endpoint's
 * can be aborted. Lock-free and allocation-free, and with no atomic read-modify-write for a
 * thread's first open connection: each thread with a {@link ThreadSlots} index below
 * {@link #THREAD_CELLS} owns one cell (on a cache line of its own) that only it fills, with a
 * plain release store. A second connection open at once on the same thread, or a thread beyond the
 * owned cells, takes a shared slot claimed by CAS from a start slot that depends on the thread.
 *
 * <p>An owned cell is emptied only by closing the connection in it (whichever thread closes it),
 * never by an abort: while it holds a connection its owner cannot put another there, so the
 * closer's empty-if-still-mine store can never drop a later connection.
 */
final class InFlightConnections {

    /** Threads (by {@link ThreadSlots} index) that get a cell of their own. */
    static final int THREAD_CELLS = 256;
    /** References per cache line (compressed or not, 16 apart never share a 64-byte line). */
    private static final int SPACING = 16;
    private static final int SHARED_SLOTS = 512;
    /** Ticket of a connection that could not be tracked (every slot taken). */
    static final int UNTRACKED = -1;

    private final AtomicReferenceArray<RoutedConnection> owned =
            new AtomicReferenceArray<>(THREAD_CELLS * SPACING);
    private final AtomicReferenceArray<RoutedConnection> shared =
            new AtomicReferenceArray<>(SHARED_SLOTS);

    /**
     * @param c a connection just handed out to the calling thread
     * @param threadSlot the calling thread's {@link ThreadSlots} index (never another thread's)
     * @return its ticket for {@link #untrack}: the thread slot (an owned cell), {@code -2 - slot}
     *     (a shared slot), or {@link #UNTRACKED}
     */
    int track(RoutedConnection c, int threadSlot) {
        if (threadSlot >= 0 && threadSlot < THREAD_CELLS) {
            int cell = threadSlot * SPACING;
            // Only this thread stores a connection here; others only empty it.
            if (owned.getAcquire(cell) == null) {
                owned.setRelease(cell, c);
                return threadSlot;
            }
        }
        int start = (int) (Thread.currentThread().getId() * 31) & (SHARED_SLOTS - 1);
        for (int i = 0; i < SHARED_SLOTS; i++) {
            int slot = (start + i) & (SHARED_SLOTS - 1);
            if (shared.get(slot) == null && shared.compareAndSet(slot, null, c)) {
                return -2 - slot;
            }
        }
        return UNTRACKED;
    }

    /** Forgets {@code c}, tracked under {@code ticket}, if it is still there. */
    void untrack(int ticket, RoutedConnection c) {
        if (ticket >= 0) {
            int cell = ticket * SPACING;
            // c stays in its cell until this store: nobody can have put another connection there.
            if (owned.getAcquire(cell) == c) {
                owned.setRelease(cell, null);
            }
        } else if (ticket != UNTRACKED) {
            shared.compareAndSet(-2 - ticket, c, null);
        }
    }

    /** @return how many tracked connections were aborted (shared slots are emptied) */
    int abortAll() {
        int aborted = 0;
        for (int cell = 0; cell < THREAD_CELLS * SPACING; cell += SPACING) {
            RoutedConnection c = owned.getAcquire(cell);
            if (c != null && c.abortQuietly()) {
                aborted++;
            }
        }
        for (int slot = 0; slot < SHARED_SLOTS; slot++) {
            RoutedConnection c = shared.getAndSet(slot, null);
            if (c != null && c.abortQuietly()) {
                aborted++;
            }
        }
        return aborted;
    }
}
