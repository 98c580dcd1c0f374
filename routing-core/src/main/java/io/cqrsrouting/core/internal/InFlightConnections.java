package io.cqrsrouting.core.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The connections an endpoint handed out and that are not closed yet, so that a dead endpoint's
 * can be aborted. Lock-free and allocation-free: a fixed array of slots, claimed by CAS from a
 * start slot that depends on the thread, so threads rarely contend for the same slot.
 */
final class InFlightConnections {

    private static final int SLOTS = 512;

    private final AtomicReferenceArray<RoutedConnection> slots = new AtomicReferenceArray<>(SLOTS);

    /**
     * @param c a connection just handed out
     * @return its slot for {@link #untrack}, or -1 if every slot is taken (then it is not tracked)
     */
    int track(RoutedConnection c) {
        int start = (int) (Thread.currentThread().getId() * 31) & (SLOTS - 1);
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (slots.get(slot) == null && slots.compareAndSet(slot, null, c)) {
                return slot;
            }
        }
        return -1;
    }

    /** Frees {@code slot} if it still holds {@code c}. */
    void untrack(int slot, RoutedConnection c) {
        if (slot >= 0) {
            slots.compareAndSet(slot, c, null);
        }
    }

    /** @return how many tracked connections were aborted (each slot is emptied) */
    int abortAll() {
        int aborted = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            RoutedConnection c = slots.getAndSet(slot, null);
            if (c != null && c.abortQuietly()) {
                aborted++;
            }
        }
        return aborted;
    }
}
