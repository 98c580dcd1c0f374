package io.cqrsrouting.shard;

import java.util.List;

/**
 * Observes the {@link RecoveryManager}: one call per repair step and per detection, on the
 * caller's thread, after the step committed. Use it for metrics (count events by operation),
 * audit logs or a health indicator that shows the last detected differences. A listener that
 * throws does not undo the step; the exception is logged and dropped.
 */
public interface RecoveryListener {

    /** A repair step (detach, attach, resolve, failover) committed. */
    default void repaired(RecoveryEvent event) {
    }

    /**
     * Differences were detected at a location (maybe none: the list is then empty).
     *
     * @param location the shard location compared
     * @param differences one token per differing sub-range
     */
    default void detected(ShardLocation location, List<RecoveryToken> differences) {
    }
}
