package io.cqrsrouting.core.internal;

/**
 * When the primary reached which log position, to turn a replica's replayed position into a lag.
 *
 * <p>One entry per distinct primary position: the position, when it was first seen, and when the
 * previous position was last seen. A replica that replayed up to R lags by the age of the oldest
 * write it misses; that write happened after the last sample at or below R, so the lag reported
 * is {@code now - lastSeenAtOrBelowR}: never less than the true lag, at most one probe interval more.
 *
 * <p>Positions belong to one primary and one timeline: when a probe reports another node, or
 * another timeline (a promotion), the history restarts. Positions of different timelines are
 * never compared, and a replica behind the first position of the current history has an unknown
 * lag (it misses writes older than anything known).
 *
 * <p>It also answers "which position covers a commit that completed at time T" without asking the
 * primary: any primary position read by a probe that <em>started</em> after T (monotonic clock).
 * Monitor threads write it; routing threads resolving a consistency token read it.
 */
final class PositionHistory {

    private final long[] positions;
    private final long[] firstSeen;
    private final long[] previousLastSeen;
    private final long[] firstStartedNanos; // start of the probe that first saw the position
    private final long[] previousLastStartedNanos; // start of the last probe at the previous one
    private int size;
    private int head; // index of the oldest entry
    private long lastPosition = -1;
    private long lastSeen = -1;
    private long lastStartedNanos;
    private boolean started;
    private long timeline = -1;
    private Object recorder;
    private long generation;

    PositionHistory(int capacity) {
        positions = new long[capacity];
        firstSeen = new long[capacity];
        previousLastSeen = new long[capacity];
        firstStartedNanos = new long[capacity];
        previousLastStartedNanos = new long[capacity];
    }

    /** Records that the primary was at {@code position} at {@code nowMillis}. */
    synchronized void record(long position, long nowMillis) {
        record(position, System.nanoTime(), nowMillis);
    }

    /**
     * Records a primary position of a given node and timeline, restarting the history when
     * either differs from the previous record's.
     *
     * @param position the primary's position
     * @param positionTimeline its timeline ({@code -1} if the dialect does not tell)
     * @param node the endpoint that reported it
     * @param startedNanos when the probe started ({@link System#nanoTime()})
     * @param nowMillis when it returned
     */
    synchronized void record(long position, long positionTimeline, Object node, long startedNanos,
            long nowMillis) {
        if (position < 0) {
            return;
        }
        if (started && (positionTimeline != timeline || node != recorder)) {
            restart();
        }
        timeline = positionTimeline;
        recorder = node;
        record(position, startedNanos, nowMillis);
    }

    /** Forgets every position: another node takes writes now. */
    synchronized void restart() {
        size = 0;
        head = 0;
        lastPosition = -1;
        lastSeen = -1;
        started = false;
        timeline = -1;
        recorder = null;
        generation++;
    }

    /** @return how many times the history restarted; a lag computed across a restart is void */
    synchronized long generation() {
        return generation;
    }

    /** @return the timeline of the recorded positions, {@code -1} if unknown or none yet */
    synchronized long timeline() {
        return started ? timeline : -1;
    }

    /**
     * Records that a probe started at {@code startedNanos} ({@link System#nanoTime()}) read the
     * primary's position {@code position}; {@code nowMillis} is when it returned.
     */
    synchronized void record(long position, long startedNanos, long nowMillis) {
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
            previousLastSeen[slot] = lastSeen; // -1 for the first: nothing known before it
            firstStartedNanos[slot] = startedNanos;
            previousLastStartedNanos[slot] = started ? lastStartedNanos : startedNanos;
            lastPosition = position;
        }
        lastSeen = nowMillis;
        lastStartedNanos = startedNanos;
        started = true;
    }

    /**
     * The smallest recorded primary position read by a probe that started after
     * {@code sinceNanos}: it covers every commit that had completed by then.
     *
     * @param sinceNanos a {@link System#nanoTime()} taken after a commit returned
     * @return the position, or -1 if no probe has started since
     */
    synchronized long positionSince(long sinceNanos) {
        if (!started || lastStartedNanos - sinceNanos <= 0) {
            return -1; // the newest probe started before: so did all others
        }
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % positions.length;
            if (i > 0 && previousLastStartedNanos[slot] - sinceNanos > 0) {
                // The previous position was still current at a probe that started after.
                return positions[(head + i - 1) % positions.length];
            }
            if (firstStartedNanos[slot] - sinceNanos > 0) {
                return positions[slot];
            }
        }
        return lastPosition;
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
        return lagOf(replayed, timeline, nowMillis);
    }

    /**
     * @param replayed a replica's replayed position
     * @param replicaTimeline the timeline the replica receives
     * @param nowMillis the time of the replica's probe
     * @return its lag in milliseconds, or -1 if unknown: no primary samples, another timeline, or
     *     behind the first sample of the current history
     */
    synchronized long lagOf(long replayed, long replicaTimeline, long nowMillis) {
        if (replayed < 0 || size == 0 || replicaTimeline != timeline) {
            return -1;
        }
        if (replayed >= lastPosition) {
            return 0;
        }
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % positions.length;
            if (positions[slot] > replayed) {
                long before = previousLastSeen[slot];
                return before < 0 ? -1 : Math.max(0, nowMillis - before);
            }
        }
        return 0;
    }
}
