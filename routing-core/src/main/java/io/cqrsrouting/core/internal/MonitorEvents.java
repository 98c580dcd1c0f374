package io.cqrsrouting.core.internal;

import io.cqrsrouting.dialect.NodeRole;

/** Hears of state changes, on the monitor's threads. */
public interface MonitorEvents {
    /**
     * @param endpoint the endpoint whose reachability or role changed
     * @param wasReachable whether it was reachable before
     * @param before its role before
     * @param cause the failure that made it unreachable, or null if a probe succeeded
     */
    void stateChanged(Endpoint endpoint, boolean wasReachable, NodeRole before,
            Throwable cause);

    /**
     * The endpoint answers but its log positions cannot be read (missing permission): its lag
     * is unknown, so bounded and read-your-writes reads avoid it. Called when the reason
     * first appears or changes.
     *
     * @param endpoint the endpoint
     * @param reason what is missing, naming the fix
     */
    default void positionsUnavailable(Endpoint endpoint, String reason) {
    }

    /** Called after every probe, changed or not; a cheap periodic tick. */
    default void probed() {
    }
}
