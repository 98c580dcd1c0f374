package io.cqrsrouting.core.internal;

/**
 * When the primary reached which log position, to turn a replica's replayed position into a lag.
 *
 * <p>One entry per distinct primary position: the position, when it was first seen, and when the
 * previous position was last seen. A replica that replayed up to R lags by the age of the oldest
 * write it misses; that write happened after the last sample at or below R, so the lag reported
 * is {@code now - lastSeenAtOrBelowR}: never less than the true lag, at most one probe interval more.
 * Only monitor threads touch it.
 */
final class PositionHistory {

    private final long[] positions;
    private final long[] firstSeen;
    private final long[] previousLastSeen;
    private int size;
    private int head; // index of the oldest entry
    private long lastPosition = -1;
    private long lastSeen = -1;

    PositionHistory(int capacity) {
        positions = new long[capacity];
        firstSeen = new long[capacity];
        previousLastSeen = new long[capacity];
    }

    /** Records that the primary was at {@code position} at {@code nowMillis}. */
    synchronized void record(long position, long nowMillis) {
        if (position < 0) {
            return;
        }
        if (position > lastPosition) {
            int slot;
            if (size < positions.length) {
                slot = (head + size) % positions.length;
                size++;
            } else {
                slot = head;
                head = (head + 1) % positions.length;
            }
            positions[slot] = position;
            firstSeen[slot] = nowMillis;
            previousLastSeen[slot] = lastSeen < 0 ? nowMillis : lastSeen;
            lastPosition = position;
        }
        lastSeen = nowMillis;
    }

    /** @return the last primary position seen, or -1 */
    synchronized long lastPosition() {
        return lastPosition;
    }

    /**
     * @param replayed a replica's replayed position
     * @param nowMillis the time of the replica's probe
     * @return its lag in milliseconds (0 if it has everything the primary had), or -1 if unknown
     */
    synchronized long lagOf(long replayed, long nowMillis) {
        if (replayed < 0 || size == 0) {
            return -1;
        }
        if (replayed >= lastPosition) {
            return 0;
        }
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % positions.length;
            if (positions[slot] > replayed) {
                return Math.max(0, nowMillis - previousLastSeen[slot]);
            }
        }
        return 0;
    }
}
