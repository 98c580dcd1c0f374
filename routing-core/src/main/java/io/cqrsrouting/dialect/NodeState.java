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
 * @param positionsUnavailable why positions cannot be read on this node and what would fix it
 *     (for SQL Server the missing {@code GRANT}), or {@code null} when they can
 */
public record NodeState(boolean writable, boolean replica, long position, long lagMillis,
        long lastReplayEpochMillis, String positionsUnavailable) {

    /**
     * A state whose positions could be read (or that has none to read).
     *
     * @param writable see the record
     * @param replica see the record
     * @param position see the record
     * @param lagMillis see the record
     * @param lastReplayEpochMillis see the record
     */
    public NodeState(boolean writable, boolean replica, long position, long lagMillis,
            long lastReplayEpochMillis) {
        this(writable, replica, position, lagMillis, lastReplayEpochMillis, null);
    }
}
