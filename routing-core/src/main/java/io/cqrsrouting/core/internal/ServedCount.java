package io.cqrsrouting.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many connections an endpoint handed out, counted with no shared write on the per-call path:
 * a thread with a {@link ThreadSlots} index below {@link InFlightConnections#THREAD_CELLS} adds to
 * a cell of its own (on a cache line of its own; it is the cell's only writer, so a plain
 * increment loses nothing); other threads share a {@link LongAdder}. Readers (status, metrics)
 * sum the cells, rarely.
 */
final class ServedCount {

    private static final int SPACING = 8; // longs per 64-byte cache line
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] cells = new long[InFlightConnections.THREAD_CELLS * SPACING];
    private final LongAdder others = new LongAdder();

    /** @param threadSlot the calling thread's {@link ThreadSlots} index (never another thread's) */
    void increment(int threadSlot) {
        if (threadSlot >= 0 && threadSlot < InFlightConnections.THREAD_CELLS) {
            int i = threadSlot * SPACING;
            CELL.setOpaque(cells, i, (long) CELL.getOpaque(cells, i) + 1);
        } else {
            others.increment();
        }
    }

    /** @return the count so far (increments racing with the sum may or may not be in it) */
    long sum() {
        long sum = others.sum();
        for (int i = 0; i < cells.length; i += SPACING) {
            sum += (long) CELL.getOpaque(cells, i);
        }
        return sum;
    }
}
