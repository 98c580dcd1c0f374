package io.cqrsrouting.core.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes state of one routing session (a thread, a session block or an HTTP request):
 * for each router (cluster), the highest log position the session's commands committed at.
 * Shared with tasks propagated from the session, hence thread-safe.
 */
public final class SessionState {

    private final ConcurrentHashMap<String, Long> positions = new ConcurrentHashMap<>(4);

    /**
     * Records that a command committed at {@code position} on cluster {@code clusterId}.
     *
     * @param clusterId the router's cluster identity
     * @param position the log position (monotonic per cluster)
     */
    public void advance(String clusterId, long position) {
        positions.merge(clusterId, position, Math::max);
    }

    /**
     * @param clusterId the router's cluster identity
     * @return the highest recorded position, or {@code -1} if the session wrote nothing there
     */
    public long position(String clusterId) {
        Long p = positions.get(clusterId);
        return p == null ? -1 : p;
    }

    /** @return a copy of all positions, for export */
    public java.util.Map<String, Long> positions() {
        return java.util.Map.copyOf(positions);
    }
}
