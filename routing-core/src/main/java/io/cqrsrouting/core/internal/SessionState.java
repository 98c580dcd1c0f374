package io.cqrsrouting.core.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read-your-writes state of one routing session (a thread, a session block or an HTTP request):
 * for each router (cluster), a log position the session's reads must see.
 *
 * <p>Commits do not read the position: they only note <em>that</em> and <em>when</em> they wrote
 * ({@link #wrote}). The position is resolved when somebody needs it, a read-your-writes read or a
 * token export ({@link #resolve}), from a monitor probe that started after the last write or, if
 * none has yet, by asking the primary. Any such position is at least the commit's, so the answer
 * stays correct while commands pay nothing, and a session that never consumes its token never
 * costs the primary an extra round trip. Shared with tasks propagated from the session, hence
 * thread-safe (lock-free).
 */
public final class SessionState {

    /** {@link #resolve} result: the session wrote, but no position could be found. */
    public static final long UNRESOLVED = -2;

    /** Finds a primary position covering every commit completed by a given instant. */
    @FunctionalInterface
    public interface Resolver {
        /**
         * @param sinceNanos a {@link System#nanoTime()} taken after the last commit returned
         * @return a position read after that instant, or a negative value if none can be had
         */
        long positionSince(long sinceNanos);
    }

    private static final class Slot {
        final AtomicLong known = new AtomicLong(-1);
        final AtomicLong writes = new AtomicLong();
        final AtomicLong covered = new AtomicLong(); // writes counted in known
        final AtomicLong lastWriteNanos = new AtomicLong(Long.MIN_VALUE);
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>(4);
    private final AtomicLong waitedNanos = new AtomicLong();

    /**
     * Counts time spent waiting for a replica to catch up, so the total one session (one request)
     * can cause is bounded.
     *
     * @param nanos how long a read-your-writes read waited
     */
    public void waited(long nanos) {
        waitedNanos.addAndGet(Math.max(0, nanos));
    }

    /** @return milliseconds this session has waited for replicas to catch up so far */
    public long waitedMillis() {
        return waitedNanos.get() / 1_000_000L;
    }

    private Slot slot(String clusterId) {
        Slot s = slots.get(clusterId);
        return s != null ? s : slots.computeIfAbsent(clusterId, k -> new Slot());
    }

    /**
     * Records that a command committed on cluster {@code clusterId}; its position is resolved
     * later, if anybody asks.
     *
     * @param clusterId the router's cluster identity
     * @param nowNanos {@link System#nanoTime()}, taken after the commit returned
     */
    public void wrote(String clusterId, long nowNanos) {
        Slot s = slot(clusterId);
        s.lastWriteNanos.accumulateAndGet(nowNanos, SessionState::later);
        s.writes.incrementAndGet(); // after the time: a resolver that sees the count sees the time
    }

    /**
     * Records a known position (an imported token).
     *
     * @param clusterId the router's cluster identity
     * @param position the log position (monotonic per cluster)
     */
    public void advance(String clusterId, long position) {
        slot(clusterId).known.accumulateAndGet(position, Math::max);
    }

    /**
     * Returns the position the session's reads must see, resolving writes not yet covered.
     *
     * @param clusterId the router's cluster identity
     * @param resolver finds a covering position for writes not yet resolved
     * @return the position; {@code -1} if the session wrote nothing there; {@link #UNRESOLVED}
     *     if it wrote and no covering position could be found (read from the primary)
     */
    public long resolve(String clusterId, Resolver resolver) {
        Slot s = slots.get(clusterId);
        if (s == null) {
            return -1;
        }
        long writes = s.writes.get();
        if (writes == s.covered.get()) {
            return s.known.get();
        }
        long position = resolver.positionSince(s.lastWriteNanos.get());
        if (position < 0) {
            return UNRESOLVED;
        }
        s.known.accumulateAndGet(position, Math::max);
        s.covered.accumulateAndGet(writes, Math::max);
        return s.known.get();
    }

    private static long later(long a, long b) {
        return a == Long.MIN_VALUE || b - a > 0 ? b : a;
    }
}
