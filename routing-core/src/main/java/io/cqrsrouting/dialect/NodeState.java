package io.cqrsrouting.dialect;

/**
 * What a node said about itself in one probe.
 *
 * @param writable whether the node accepts writes now (a primary set read-only is not writable)
 * @param replica whether the node is a replica (standby, read scale-out or geo secondary); a
 *     demoted primary that is read-only but not replicating is not one
 * @param position for a primary its current log position, for a replica the position it has
 *     replayed; {@code -1} if unknown
 * @param lagMillis the replica's own estimate of its lag in milliseconds ({@code -1} if unknown
 *     or not a replica); the monitor refines it by comparing positions with the primary's
 * @param lastReplayEpochMillis wall-clock time of the last transaction the replica replayed,
 *     {@code -1} if unknown
 * @param timeline the history the position belongs to: for a primary the one it writes, for a
 *     replica the one it receives from its upstream (PostgreSQL: the timeline ID, which every
 *     promotion increments); {@link #UNKNOWN_TIMELINE} if the dialect cannot tell. Positions of
 *     different timelines are never compared
 * @param receiving for a replica, whether it is receiving its primary's log right now
 *     (PostgreSQL: its WAL receiver is streaming); {@code true} when the dialect cannot tell.
 *     A replica that is not receiving is never counted as fresh
 * @param positionsUnavailable why positions cannot be read on this node and what would fix it
 *     (for SQL Server the missing {@code GRANT}), or {@code null} when they can
 */
public record NodeState(boolean writable, boolean replica, long position, long lagMillis,
        long lastReplayEpochMillis, long timeline, boolean receiving,
        String positionsUnavailable) {

    /** The timeline of a dialect that does not report one: all positions are comparable. */
    public static final long UNKNOWN_TIMELINE = -1;

    /**
     * A state whose positions could be read (or that has none to read), without timeline
     * information (every position is taken as comparable, and a replica as receiving).
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

    /**
     * A state without timeline information.
     *
     * @param writable see the record
     * @param replica see the record
     * @param position see the record
     * @param lagMillis see the record
     * @param lastReplayEpochMillis see the record
     * @param positionsUnavailable see the record
     */
    public NodeState(boolean writable, boolean replica, long position, long lagMillis,
            long lastReplayEpochMillis, String positionsUnavailable) {
        this(writable, replica, position, lagMillis, lastReplayEpochMillis, UNKNOWN_TIMELINE,
                true, positionsUnavailable);
    }

    /**
     * A state whose positions could be read, with timeline information.
     *
     * @param writable see the record
     * @param replica see the record
     * @param position see the record
     * @param lagMillis see the record
     * @param lastReplayEpochMillis see the record
     * @param timeline see the record
     * @param receiving see the record
     */
    public NodeState(boolean writable, boolean replica, long position, long lagMillis,
            long lastReplayEpochMillis, long timeline, boolean receiving) {
        this(writable, replica, position, lagMillis, lastReplayEpochMillis, timeline, receiving,
                null);
    }
}
