package io.cqrsrouting.dialect;

/**
 * What a node said about itself in one probe.
 *
 * @param writable whether the node accepts writes now (a primary set read-only is not writable)
 * @param replica whether the node is a replica (standby, read scale-out or geo secondary)
 * @param position for a primary its current log position, for a replica the position it has
 *     replayed; {@code -1} if unknown
 * @param lagMillis the replica's own estimate of its lag in milliseconds ({@code -1} if unknown
 *     or not a replica); the monitor refines it by comparing positions with the primary's
 * @param lastReplayEpochMillis wall-clock time of the last transaction the replica replayed,
 *     {@code -1} if unknown
 */
public record NodeState(boolean writable, boolean replica, long position, long lagMillis,
        long lastReplayEpochMillis) {
}
